// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package bindings

import (
	"bytes"
	"errors"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Reference imports to suppress errors if they are not otherwise used.
var (
	_ = bytes.Equal
	_ = errors.New
	_ = big.NewInt
	_ = common.Big1
	_ = types.BloomLookup
	_ = abi.ConvertType
)

// NoERC165MetaData contains all meta data concerning the NoERC165 contract.
var NoERC165MetaData = bind.MetaData{
	ABI: "[{\"inputs\":[],\"name\":\"value\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "NoERC165",
	Bin: "0x608060405260015f553480156012575f5ffd5b50607980601e5f395ff3fe6080604052348015600e575f5ffd5b50600436106026575f3560e01c80633fa4f24514602a575b5f5ffd5b60315f5481565b60405190815260200160405180910390f3fea264697066735822122069680a1be485f94c06b8a780e7664736f02bfe533202ed4b97bfa759b6799ae764736f6c634300081e0033",
}

// NoERC165 is an auto generated Go binding around an Ethereum contract.
type NoERC165 struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *NoERC165) GetABI() abi.ABI {
	return c.abi
}

// NewNoERC165 creates a new instance of NoERC165.
func NewNoERC165() *NoERC165 {
	parsed, err := NoERC165MetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &NoERC165{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *NoERC165) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackValue is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3fa4f245.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function value() view returns(uint256)
func (noERC165 *NoERC165) PackValue() []byte {
	enc, err := noERC165.abi.Pack("value")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackValue is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3fa4f245.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function value() view returns(uint256)
func (noERC165 *NoERC165) TryPackValue() ([]byte, error) {
	return noERC165.abi.Pack("value")
}

// UnpackValue is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x3fa4f245.
//
// Solidity: function value() view returns(uint256)
func (noERC165 *NoERC165) UnpackValue(data []byte) (*big.Int, error) {
	out, err := noERC165.abi.Unpack("value", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}
