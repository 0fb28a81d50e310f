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

// DelegateRegistryDelegation is an auto generated low-level Go binding around an user-defined struct.
type DelegateRegistryDelegation struct {
	Type     uint8
	To       common.Address
	From     common.Address
	Rights   [32]byte
	Contract common.Address
	TokenId  *big.Int
	Amount   *big.Int
}

// DelegateRegistryMetaData contains all meta data concerning the DelegateRegistry contract.
var DelegateRegistryMetaData = bind.MetaData{
	ABI: "[{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"rights\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bool\",\"name\":\"enable\",\"type\":\"bool\"}],\"name\":\"DelegateAll\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"contract_\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"rights\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bool\",\"name\":\"enable\",\"type\":\"bool\"}],\"name\":\"DelegateContract\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"contract_\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"rights\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"DelegateERC1155\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"contract_\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"rights\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"DelegateERC20\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"contract_\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"rights\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bool\",\"name\":\"enable\",\"type\":\"bool\"}],\"name\":\"DelegateERC721\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"rights\",\"type\":\"bytes32\"}],\"name\":\"checkDelegateForAll\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"contract_\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"rights\",\"type\":\"bytes32\"}],\"name\":\"checkDelegateForContract\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"contract_\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"rights\",\"type\":\"bytes32\"}],\"name\":\"checkDelegateForERC1155\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"contract_\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"rights\",\"type\":\"bytes32\"}],\"name\":\"checkDelegateForERC20\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"contract_\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"rights\",\"type\":\"bytes32\"}],\"name\":\"checkDelegateForERC721\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"rights\",\"type\":\"bytes32\"},{\"internalType\":\"bool\",\"name\":\"enable\",\"type\":\"bool\"}],\"name\":\"delegateAll\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"delegationHash\",\"type\":\"bytes32\"}],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"contract_\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"rights\",\"type\":\"bytes32\"},{\"internalType\":\"bool\",\"name\":\"enable\",\"type\":\"bool\"}],\"name\":\"delegateContract\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"delegationHash\",\"type\":\"bytes32\"}],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"contract_\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"rights\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"delegateERC1155\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"delegationHash\",\"type\":\"bytes32\"}],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"contract_\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"rights\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"delegateERC20\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"delegationHash\",\"type\":\"bytes32\"}],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"contract_\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"rights\",\"type\":\"bytes32\"},{\"internalType\":\"bool\",\"name\":\"enable\",\"type\":\"bool\"}],\"name\":\"delegateERC721\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"delegationHash\",\"type\":\"bytes32\"}],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"}],\"name\":\"getIncomingDelegations\",\"outputs\":[{\"components\":[{\"internalType\":\"enumDelegateRegistry.DelegationType\",\"name\":\"type_\",\"type\":\"uint8\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"rights\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"contract_\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"internalType\":\"structDelegateRegistry.Delegation[]\",\"name\":\"delegations\",\"type\":\"tuple[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "DelegateRegistry",
	Bin: "0x6080604052348015600e575f5ffd5b50610e648061001c5f395ff3fe608060405260043610610099575f3560e01c8063b18e2bbb11610062578063b18e2bbb14610144578063b870587514610157578063b9f3687414610176578063ba63c81714610195578063d90e73ab146101b4578063e839bd53146101c7575f5ffd5b80623c2ba61461009d57806330ff3140146100c357806342f87c25146100d65780638988eea914610102578063ab76468314610131575b5f5ffd5b6100b06100ab366004610a72565b6101e6565b6040519081526020015b60405180910390f35b6100b06100d1366004610ac0565b610260565b3480156100e1575f5ffd5b506100f56100f0366004610af9565b6102d1565b6040516100ba9190610b4d565b34801561010d575f5ffd5b5061012161011c366004610be8565b61051e565b60405190151581526020016100ba565b6100b061013f366004610c30565b61054d565b6100b0610152366004610c79565b6105bd565b348015610162575f5ffd5b506100b0610171366004610ccc565b610638565b348015610181575f5ffd5b50610121610190366004610ccc565b61066d565b3480156101a0575f5ffd5b506100b06101af366004610be8565b61069b565b6100b06101c2366004610d1d565b6106c4565b3480156101d2575f5ffd5b506101216101e1366004610d67565b610725565b5f6101f660048685875f8761073f565b9050836001600160a01b0316856001600160a01b0316336001600160a01b03167f6ebd000dfc4dc9df04f723f827bae7694230795e8f22ed4af438e074cc982d188686604051610250929190918252602082015260400190565b60405180910390a4949350505050565b5f610280600185855f5f87610275575f610278565b60015b60ff1661073f565b6040805185815284151560208201529192506001600160a01b0386169133917fda3ef6410e30373a9137f83f9781a8129962b6882532b7c229de2e39de423227910160405180910390a39392505050565b6001600160a01b0381165f908152600160205260408120606091805b8254811015610355575f5f5f85848154811061030b5761030b610da1565b5f918252602080832090910154835282019290925260400190205460ff16600581111561033a5761033a610b19565b1461034d578161034981610db5565b9250505b6001016102ed565b508067ffffffffffffffff81111561036f5761036f610dd9565b6040519080825280602002602001820160405280156103d457816020015b6040805160e0810182525f8082526020808301829052928201819052606082018190526080820181905260a0820181905260c082015282525f1990920191018161038d5790505b5092505f805b8354811015610515575f5f5f8684815481106103f8576103f8610da1565b5f918252602080832090910154835282019290925260400190205460ff16600581111561042757610427610b19565b1461050d575f5f85838154811061044057610440610da1565b905f5260205f20015481526020019081526020015f206040518060e00160405290815f82015f9054906101000a900460ff16600581111561048357610483610b19565b600581111561049457610494610b19565b815281546001600160a01b0361010090910481166020830152600183015481166040830152600283015460608301526003830154166080820152600482015460a082015260059091015460c09091015285836104ef81610db5565b94508151811061050157610501610da1565b60200260200101819052505b6001016103da565b50505050919050565b5f61052a858584610725565b8061054257505f6105406002878786885f610950565b115b90505b949350505050565b5f61055d6005878588888761073f565b60408051868152602081018690529081018490529091506001600160a01b03808716919088169033907f27ab1adc9bca76301ed7a691320766dfa4b4b1aa32c9e05cf789611be7f8c75f906060015b60405180910390a495945050505050565b5f6105d260038785888887610275575f610278565b9050846001600160a01b0316866001600160a01b0316336001600160a01b03167f15e7a1bdcd507dd632d797d38e60cc5a9c0749b9a63097a215c4d006126825c68787876040516105ac9392919092835260208301919091521515604082015260600190565b5f6106458686868561051e565b1561065257505f19610664565b61066160058787858888610950565b90505b95945050505050565b5f61067a8686868561051e565b8061066157505f61069060038888868989610950565b119695505050505050565b5f6106a88585858561051e565b156106b557505f19610545565b6105426004868685875f610950565b5f6106d960028685875f87610275575f610278565b6040805185815284151560208201529192506001600160a01b03808716929088169133917f021be15e24de4afc43cfb5d0ba95ca38e0783571e05c12bbe6aece8842ae82df9101610250565b5f5f61073660018686865f5f610950565b11949350505050565b5f61074e8787338888886109a7565b9050815f036107a9575f81815260208190526040812080546001600160a81b03191681556001810180546001600160a01b03199081169091556002820183905560038201805490911690556004810182905560050155610946565b5f60048860058111156107be576107be610b19565b14806107db575060058860058111156107d9576107d9610b19565b145b6107e5575f6107e7565b825b90506040518060e0016040528089600581111561080657610806610b19565b81526001600160a01b03808a1660208084019190915233604080850191909152606084018b9052918916608084015260a0830188905260c09092018490525f85815291829052902081518154829060ff1916600183600581111561086c5761086c610b19565b02179055506020828101518254610100600160a81b0319166101006001600160a01b03928316021783556040808501516001850180546001600160a01b031990811692851692909217905560608601516002808701919091556080870151600387018054909316941693909317905560a0850151600485015560c0909401516005909301929092555f858152919052205460ff16610944575f828152600260209081526040808320805460ff191660019081179091556001600160a01b038b1684528083529083208054918201815583529120018290555b505b9695505050505050565b5f61097681806109648a8a8a848a8a6109a7565b81526020019081526020015f206109e5565b90508315610946575f6109925f5f6109648b8b8b8b8b8b6109a7565b90508181111561094457979650505050505050565b5f8686868686866040516020016109c396959493929190610ded565b6040516020818303038152906040528051906020012090509695505050505050565b5f80825460ff1660058111156109fd576109fd610b19565b03610a0957505f919050565b6004825460ff166005811115610a2157610a21610b19565b1480610a4257506005825460ff166005811115610a4057610a40610b19565b145b15610a4f57506005015490565b506001919050565b80356001600160a01b0381168114610a6d575f5ffd5b919050565b5f5f5f5f60808587031215610a85575f5ffd5b610a8e85610a57565b9350610a9c60208601610a57565b93969395505050506040820135916060013590565b80358015158114610a6d575f5ffd5b5f5f5f60608486031215610ad2575f5ffd5b610adb84610a57565b925060208401359150610af060408501610ab1565b90509250925092565b5f60208284031215610b09575f5ffd5b610b1282610a57565b9392505050565b634e487b7160e01b5f52602160045260245ffd5b60068110610b4957634e487b7160e01b5f52602160045260245ffd5b9052565b602080825282518282018190525f918401906040840190835b81811015610bdd578351610b7b848251610b2d565b6020818101516001600160a01b0390811686830152604080840151821690870152606080840151908701526080808401519091169086015260a0828101519086015260c09182015191850191909152939093019260e090920191600101610b66565b509095945050505050565b5f5f5f5f60808587031215610bfb575f5ffd5b610c0485610a57565b9350610c1260208601610a57565b9250610c2060408601610a57565b9396929550929360600135925050565b5f5f5f5f5f60a08688031215610c44575f5ffd5b610c4d86610a57565b9450610c5b60208701610a57565b94979496505050506040830135926060810135926080909101359150565b5f5f5f5f5f60a08688031215610c8d575f5ffd5b610c9686610a57565b9450610ca460208701610a57565b93506040860135925060608601359150610cc060808701610ab1565b90509295509295909350565b5f5f5f5f5f60a08688031215610ce0575f5ffd5b610ce986610a57565b9450610cf760208701610a57565b9350610d0560408701610a57565b94979396509394606081013594506080013592915050565b5f5f5f5f60808587031215610d30575f5ffd5b610d3985610a57565b9350610d4760208601610a57565b925060408501359150610d5c60608601610ab1565b905092959194509250565b5f5f5f60608486031215610d79575f5ffd5b610d8284610a57565b9250610d9060208501610a57565b929592945050506040919091013590565b634e487b7160e01b5f52603260045260245ffd5b5f60018201610dd257634e487b7160e01b5f52601160045260245ffd5b5060010190565b634e487b7160e01b5f52604160045260245ffd5b60c08101610dfb8289610b2d565b6001600160a01b039687166020830152948616604082015260608101939093529316608082015260a0019190915291905056fea26469706673582212208fc8bb4cf7466557816e994da5f282e8653a74d0657c03164c7086a99be04a4364736f6c634300081e0033",
}

// DelegateRegistry is an auto generated Go binding around an Ethereum contract.
type DelegateRegistry struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *DelegateRegistry) GetABI() abi.ABI {
	return c.abi
}

// NewDelegateRegistry creates a new instance of DelegateRegistry.
func NewDelegateRegistry() *DelegateRegistry {
	parsed, err := DelegateRegistryMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &DelegateRegistry{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *DelegateRegistry) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackCheckDelegateForAll is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe839bd53.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function checkDelegateForAll(address to, address from, bytes32 rights) view returns(bool)
func (delegateRegistry *DelegateRegistry) PackCheckDelegateForAll(to common.Address, from common.Address, rights [32]byte) []byte {
	enc, err := delegateRegistry.abi.Pack("checkDelegateForAll", to, from, rights)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCheckDelegateForAll is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe839bd53.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function checkDelegateForAll(address to, address from, bytes32 rights) view returns(bool)
func (delegateRegistry *DelegateRegistry) TryPackCheckDelegateForAll(to common.Address, from common.Address, rights [32]byte) ([]byte, error) {
	return delegateRegistry.abi.Pack("checkDelegateForAll", to, from, rights)
}

// UnpackCheckDelegateForAll is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe839bd53.
//
// Solidity: function checkDelegateForAll(address to, address from, bytes32 rights) view returns(bool)
func (delegateRegistry *DelegateRegistry) UnpackCheckDelegateForAll(data []byte) (bool, error) {
	out, err := delegateRegistry.abi.Unpack("checkDelegateForAll", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackCheckDelegateForContract is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8988eea9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function checkDelegateForContract(address to, address from, address contract_, bytes32 rights) view returns(bool)
func (delegateRegistry *DelegateRegistry) PackCheckDelegateForContract(to common.Address, from common.Address, contract common.Address, rights [32]byte) []byte {
	enc, err := delegateRegistry.abi.Pack("checkDelegateForContract", to, from, contract, rights)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCheckDelegateForContract is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8988eea9.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function checkDelegateForContract(address to, address from, address contract_, bytes32 rights) view returns(bool)
func (delegateRegistry *DelegateRegistry) TryPackCheckDelegateForContract(to common.Address, from common.Address, contract common.Address, rights [32]byte) ([]byte, error) {
	return delegateRegistry.abi.Pack("checkDelegateForContract", to, from, contract, rights)
}

// UnpackCheckDelegateForContract is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8988eea9.
//
// Solidity: function checkDelegateForContract(address to, address from, address contract_, bytes32 rights) view returns(bool)
func (delegateRegistry *DelegateRegistry) UnpackCheckDelegateForContract(data []byte) (bool, error) {
	out, err := delegateRegistry.abi.Unpack("checkDelegateForContract", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackCheckDelegateForERC1155 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb8705875.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function checkDelegateForERC1155(address to, address from, address contract_, uint256 tokenId, bytes32 rights) view returns(uint256)
func (delegateRegistry *DelegateRegistry) PackCheckDelegateForERC1155(to common.Address, from common.Address, contract common.Address, tokenId *big.Int, rights [32]byte) []byte {
	enc, err := delegateRegistry.abi.Pack("checkDelegateForERC1155", to, from, contract, tokenId, rights)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCheckDelegateForERC1155 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb8705875.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function checkDelegateForERC1155(address to, address from, address contract_, uint256 tokenId, bytes32 rights) view returns(uint256)
func (delegateRegistry *DelegateRegistry) TryPackCheckDelegateForERC1155(to common.Address, from common.Address, contract common.Address, tokenId *big.Int, rights [32]byte) ([]byte, error) {
	return delegateRegistry.abi.Pack("checkDelegateForERC1155", to, from, contract, tokenId, rights)
}

// UnpackCheckDelegateForERC1155 is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xb8705875.
//
// Solidity: function checkDelegateForERC1155(address to, address from, address contract_, uint256 tokenId, bytes32 rights) view returns(uint256)
func (delegateRegistry *DelegateRegistry) UnpackCheckDelegateForERC1155(data []byte) (*big.Int, error) {
	out, err := delegateRegistry.abi.Unpack("checkDelegateForERC1155", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackCheckDelegateForERC20 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xba63c817.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function checkDelegateForERC20(address to, address from, address contract_, bytes32 rights) view returns(uint256)
func (delegateRegistry *DelegateRegistry) PackCheckDelegateForERC20(to common.Address, from common.Address, contract common.Address, rights [32]byte) []byte {
	enc, err := delegateRegistry.abi.Pack("checkDelegateForERC20", to, from, contract, rights)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCheckDelegateForERC20 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xba63c817.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function checkDelegateForERC20(address to, address from, address contract_, bytes32 rights) view returns(uint256)
func (delegateRegistry *DelegateRegistry) TryPackCheckDelegateForERC20(to common.Address, from common.Address, contract common.Address, rights [32]byte) ([]byte, error) {
	return delegateRegistry.abi.Pack("checkDelegateForERC20", to, from, contract, rights)
}

// UnpackCheckDelegateForERC20 is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xba63c817.
//
// Solidity: function checkDelegateForERC20(address to, address from, address contract_, bytes32 rights) view returns(uint256)
func (delegateRegistry *DelegateRegistry) UnpackCheckDelegateForERC20(data []byte) (*big.Int, error) {
	out, err := delegateRegistry.abi.Unpack("checkDelegateForERC20", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackCheckDelegateForERC721 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb9f36874.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function checkDelegateForERC721(address to, address from, address contract_, uint256 tokenId, bytes32 rights) view returns(bool)
func (delegateRegistry *DelegateRegistry) PackCheckDelegateForERC721(to common.Address, from common.Address, contract common.Address, tokenId *big.Int, rights [32]byte) []byte {
	enc, err := delegateRegistry.abi.Pack("checkDelegateForERC721", to, from, contract, tokenId, rights)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCheckDelegateForERC721 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb9f36874.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function checkDelegateForERC721(address to, address from, address contract_, uint256 tokenId, bytes32 rights) view returns(bool)
func (delegateRegistry *DelegateRegistry) TryPackCheckDelegateForERC721(to common.Address, from common.Address, contract common.Address, tokenId *big.Int, rights [32]byte) ([]byte, error) {
	return delegateRegistry.abi.Pack("checkDelegateForERC721", to, from, contract, tokenId, rights)
}

// UnpackCheckDelegateForERC721 is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xb9f36874.
//
// Solidity: function checkDelegateForERC721(address to, address from, address contract_, uint256 tokenId, bytes32 rights) view returns(bool)
func (delegateRegistry *DelegateRegistry) UnpackCheckDelegateForERC721(data []byte) (bool, error) {
	out, err := delegateRegistry.abi.Unpack("checkDelegateForERC721", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackDelegateAll is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x30ff3140.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function delegateAll(address to, bytes32 rights, bool enable) payable returns(bytes32 delegationHash)
func (delegateRegistry *DelegateRegistry) PackDelegateAll(to common.Address, rights [32]byte, enable bool) []byte {
	enc, err := delegateRegistry.abi.Pack("delegateAll", to, rights, enable)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDelegateAll is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x30ff3140.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function delegateAll(address to, bytes32 rights, bool enable) payable returns(bytes32 delegationHash)
func (delegateRegistry *DelegateRegistry) TryPackDelegateAll(to common.Address, rights [32]byte, enable bool) ([]byte, error) {
	return delegateRegistry.abi.Pack("delegateAll", to, rights, enable)
}

// UnpackDelegateAll is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x30ff3140.
//
// Solidity: function delegateAll(address to, bytes32 rights, bool enable) payable returns(bytes32 delegationHash)
func (delegateRegistry *DelegateRegistry) UnpackDelegateAll(data []byte) ([32]byte, error) {
	out, err := delegateRegistry.abi.Unpack("delegateAll", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackDelegateContract is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd90e73ab.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function delegateContract(address to, address contract_, bytes32 rights, bool enable) payable returns(bytes32 delegationHash)
func (delegateRegistry *DelegateRegistry) PackDelegateContract(to common.Address, contract common.Address, rights [32]byte, enable bool) []byte {
	enc, err := delegateRegistry.abi.Pack("delegateContract", to, contract, rights, enable)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDelegateContract is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd90e73ab.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function delegateContract(address to, address contract_, bytes32 rights, bool enable) payable returns(bytes32 delegationHash)
func (delegateRegistry *DelegateRegistry) TryPackDelegateContract(to common.Address, contract common.Address, rights [32]byte, enable bool) ([]byte, error) {
	return delegateRegistry.abi.Pack("delegateContract", to, contract, rights, enable)
}

// UnpackDelegateContract is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd90e73ab.
//
// Solidity: function delegateContract(address to, address contract_, bytes32 rights, bool enable) payable returns(bytes32 delegationHash)
func (delegateRegistry *DelegateRegistry) UnpackDelegateContract(data []byte) ([32]byte, error) {
	out, err := delegateRegistry.abi.Unpack("delegateContract", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackDelegateERC1155 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xab764683.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function delegateERC1155(address to, address contract_, uint256 tokenId, bytes32 rights, uint256 amount) payable returns(bytes32 delegationHash)
func (delegateRegistry *DelegateRegistry) PackDelegateERC1155(to common.Address, contract common.Address, tokenId *big.Int, rights [32]byte, amount *big.Int) []byte {
	enc, err := delegateRegistry.abi.Pack("delegateERC1155", to, contract, tokenId, rights, amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDelegateERC1155 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xab764683.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function delegateERC1155(address to, address contract_, uint256 tokenId, bytes32 rights, uint256 amount) payable returns(bytes32 delegationHash)
func (delegateRegistry *DelegateRegistry) TryPackDelegateERC1155(to common.Address, contract common.Address, tokenId *big.Int, rights [32]byte, amount *big.Int) ([]byte, error) {
	return delegateRegistry.abi.Pack("delegateERC1155", to, contract, tokenId, rights, amount)
}

// UnpackDelegateERC1155 is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xab764683.
//
// Solidity: function delegateERC1155(address to, address contract_, uint256 tokenId, bytes32 rights, uint256 amount) payable returns(bytes32 delegationHash)
func (delegateRegistry *DelegateRegistry) UnpackDelegateERC1155(data []byte) ([32]byte, error) {
	out, err := delegateRegistry.abi.Unpack("delegateERC1155", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackDelegateERC20 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x003c2ba6.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function delegateERC20(address to, address contract_, bytes32 rights, uint256 amount) payable returns(bytes32 delegationHash)
func (delegateRegistry *DelegateRegistry) PackDelegateERC20(to common.Address, contract common.Address, rights [32]byte, amount *big.Int) []byte {
	enc, err := delegateRegistry.abi.Pack("delegateERC20", to, contract, rights, amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDelegateERC20 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x003c2ba6.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function delegateERC20(address to, address contract_, bytes32 rights, uint256 amount) payable returns(bytes32 delegationHash)
func (delegateRegistry *DelegateRegistry) TryPackDelegateERC20(to common.Address, contract common.Address, rights [32]byte, amount *big.Int) ([]byte, error) {
	return delegateRegistry.abi.Pack("delegateERC20", to, contract, rights, amount)
}

// UnpackDelegateERC20 is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x003c2ba6.
//
// Solidity: function delegateERC20(address to, address contract_, bytes32 rights, uint256 amount) payable returns(bytes32 delegationHash)
func (delegateRegistry *DelegateRegistry) UnpackDelegateERC20(data []byte) ([32]byte, error) {
	out, err := delegateRegistry.abi.Unpack("delegateERC20", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackDelegateERC721 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb18e2bbb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function delegateERC721(address to, address contract_, uint256 tokenId, bytes32 rights, bool enable) payable returns(bytes32 delegationHash)
func (delegateRegistry *DelegateRegistry) PackDelegateERC721(to common.Address, contract common.Address, tokenId *big.Int, rights [32]byte, enable bool) []byte {
	enc, err := delegateRegistry.abi.Pack("delegateERC721", to, contract, tokenId, rights, enable)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDelegateERC721 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb18e2bbb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function delegateERC721(address to, address contract_, uint256 tokenId, bytes32 rights, bool enable) payable returns(bytes32 delegationHash)
func (delegateRegistry *DelegateRegistry) TryPackDelegateERC721(to common.Address, contract common.Address, tokenId *big.Int, rights [32]byte, enable bool) ([]byte, error) {
	return delegateRegistry.abi.Pack("delegateERC721", to, contract, tokenId, rights, enable)
}

// UnpackDelegateERC721 is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xb18e2bbb.
//
// Solidity: function delegateERC721(address to, address contract_, uint256 tokenId, bytes32 rights, bool enable) payable returns(bytes32 delegationHash)
func (delegateRegistry *DelegateRegistry) UnpackDelegateERC721(data []byte) ([32]byte, error) {
	out, err := delegateRegistry.abi.Unpack("delegateERC721", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackGetIncomingDelegations is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x42f87c25.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getIncomingDelegations(address to) view returns((uint8,address,address,bytes32,address,uint256,uint256)[] delegations)
func (delegateRegistry *DelegateRegistry) PackGetIncomingDelegations(to common.Address) []byte {
	enc, err := delegateRegistry.abi.Pack("getIncomingDelegations", to)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGetIncomingDelegations is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x42f87c25.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function getIncomingDelegations(address to) view returns((uint8,address,address,bytes32,address,uint256,uint256)[] delegations)
func (delegateRegistry *DelegateRegistry) TryPackGetIncomingDelegations(to common.Address) ([]byte, error) {
	return delegateRegistry.abi.Pack("getIncomingDelegations", to)
}

// UnpackGetIncomingDelegations is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x42f87c25.
//
// Solidity: function getIncomingDelegations(address to) view returns((uint8,address,address,bytes32,address,uint256,uint256)[] delegations)
func (delegateRegistry *DelegateRegistry) UnpackGetIncomingDelegations(data []byte) ([]DelegateRegistryDelegation, error) {
	out, err := delegateRegistry.abi.Unpack("getIncomingDelegations", data)
	if err != nil {
		return *new([]DelegateRegistryDelegation), err
	}
	out0 := *abi.ConvertType(out[0], new([]DelegateRegistryDelegation)).(*[]DelegateRegistryDelegation)
	return out0, nil
}

// DelegateRegistryDelegateAll represents a DelegateAll event raised by the DelegateRegistry contract.
type DelegateRegistryDelegateAll struct {
	From   common.Address
	To     common.Address
	Rights [32]byte
	Enable bool
	Raw    *types.Log // Blockchain specific contextual infos
}

const DelegateRegistryDelegateAllEventName = "DelegateAll"

// ContractEventName returns the user-defined event name.
func (DelegateRegistryDelegateAll) ContractEventName() string {
	return DelegateRegistryDelegateAllEventName
}

// UnpackDelegateAllEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event DelegateAll(address indexed from, address indexed to, bytes32 rights, bool enable)
func (delegateRegistry *DelegateRegistry) UnpackDelegateAllEvent(log *types.Log) (*DelegateRegistryDelegateAll, error) {
	event := "DelegateAll"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != delegateRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(DelegateRegistryDelegateAll)
	if len(log.Data) > 0 {
		if err := delegateRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range delegateRegistry.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// DelegateRegistryDelegateContract represents a DelegateContract event raised by the DelegateRegistry contract.
type DelegateRegistryDelegateContract struct {
	From     common.Address
	To       common.Address
	Contract common.Address
	Rights   [32]byte
	Enable   bool
	Raw      *types.Log // Blockchain specific contextual infos
}

const DelegateRegistryDelegateContractEventName = "DelegateContract"

// ContractEventName returns the user-defined event name.
func (DelegateRegistryDelegateContract) ContractEventName() string {
	return DelegateRegistryDelegateContractEventName
}

// UnpackDelegateContractEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event DelegateContract(address indexed from, address indexed to, address indexed contract_, bytes32 rights, bool enable)
func (delegateRegistry *DelegateRegistry) UnpackDelegateContractEvent(log *types.Log) (*DelegateRegistryDelegateContract, error) {
	event := "DelegateContract"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != delegateRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(DelegateRegistryDelegateContract)
	if len(log.Data) > 0 {
		if err := delegateRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range delegateRegistry.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// DelegateRegistryDelegateERC1155 represents a DelegateERC1155 event raised by the DelegateRegistry contract.
type DelegateRegistryDelegateERC1155 struct {
	From     common.Address
	To       common.Address
	Contract common.Address
	TokenId  *big.Int
	Rights   [32]byte
	Amount   *big.Int
	Raw      *types.Log // Blockchain specific contextual infos
}

const DelegateRegistryDelegateERC1155EventName = "DelegateERC1155"

// ContractEventName returns the user-defined event name.
func (DelegateRegistryDelegateERC1155) ContractEventName() string {
	return DelegateRegistryDelegateERC1155EventName
}

// UnpackDelegateERC1155Event is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event DelegateERC1155(address indexed from, address indexed to, address indexed contract_, uint256 tokenId, bytes32 rights, uint256 amount)
func (delegateRegistry *DelegateRegistry) UnpackDelegateERC1155Event(log *types.Log) (*DelegateRegistryDelegateERC1155, error) {
	event := "DelegateERC1155"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != delegateRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(DelegateRegistryDelegateERC1155)
	if len(log.Data) > 0 {
		if err := delegateRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range delegateRegistry.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// DelegateRegistryDelegateERC20 represents a DelegateERC20 event raised by the DelegateRegistry contract.
type DelegateRegistryDelegateERC20 struct {
	From     common.Address
	To       common.Address
	Contract common.Address
	Rights   [32]byte
	Amount   *big.Int
	Raw      *types.Log // Blockchain specific contextual infos
}

const DelegateRegistryDelegateERC20EventName = "DelegateERC20"

// ContractEventName returns the user-defined event name.
func (DelegateRegistryDelegateERC20) ContractEventName() string {
	return DelegateRegistryDelegateERC20EventName
}

// UnpackDelegateERC20Event is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event DelegateERC20(address indexed from, address indexed to, address indexed contract_, bytes32 rights, uint256 amount)
func (delegateRegistry *DelegateRegistry) UnpackDelegateERC20Event(log *types.Log) (*DelegateRegistryDelegateERC20, error) {
	event := "DelegateERC20"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != delegateRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(DelegateRegistryDelegateERC20)
	if len(log.Data) > 0 {
		if err := delegateRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range delegateRegistry.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// DelegateRegistryDelegateERC721 represents a DelegateERC721 event raised by the DelegateRegistry contract.
type DelegateRegistryDelegateERC721 struct {
	From     common.Address
	To       common.Address
	Contract common.Address
	TokenId  *big.Int
	Rights   [32]byte
	Enable   bool
	Raw      *types.Log // Blockchain specific contextual infos
}

const DelegateRegistryDelegateERC721EventName = "DelegateERC721"

// ContractEventName returns the user-defined event name.
func (DelegateRegistryDelegateERC721) ContractEventName() string {
	return DelegateRegistryDelegateERC721EventName
}

// UnpackDelegateERC721Event is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event DelegateERC721(address indexed from, address indexed to, address indexed contract_, uint256 tokenId, bytes32 rights, bool enable)
func (delegateRegistry *DelegateRegistry) UnpackDelegateERC721Event(log *types.Log) (*DelegateRegistryDelegateERC721, error) {
	event := "DelegateERC721"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != delegateRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(DelegateRegistryDelegateERC721)
	if len(log.Data) > 0 {
		if err := delegateRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range delegateRegistry.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}
