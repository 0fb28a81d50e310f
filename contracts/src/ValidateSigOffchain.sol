// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title ValidateSigOffchain is a universal signature validator run
/// without deployment, as EIP-6492 describes: an eth_call with no `to`
/// whose data is this creation code followed by the ABI encoding of
/// (address signer, bytes32 hash, bytes signature). The constructor never
/// stores anything; the "code" it returns is one byte, 0x01 when the
/// signature is the signer's and 0x00 when not. Because the call is never
/// mined, running a counterfactual wallet's factory inside it deploys
/// nothing on chain.
///
/// A signature ending in the EIP-6492 magic suffix is
/// abi.encode(factory, factoryCalldata, innerSignature) ++ suffix: when the
/// signer has no code yet, factoryCalldata is sent to factory (which must
/// deploy the signer) and innerSignature goes to the signer's EIP-1271
/// isValidSignature. When the signer already has code, innerSignature is
/// asked first, and the factory call is made only if that fails (a wallet
/// deployed but not yet brought up to date). A signature without the
/// suffix goes to EIP-1271 when the signer has code, else to ecrecover.
contract ValidateSigOffchain {
    bytes32 private constant SUFFIX = 0x6492649264926492649264926492649264926492649264926492649264926492;
    bytes4 private constant ERC1271_MAGIC = 0x1626ba7e;
    uint256 private constant HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;

    constructor(address signer, bytes32 hash, bytes memory signature) {
        bool ok = _valid(signer, hash, signature);
        assembly {
            mstore(0, ok)
            return(31, 1)
        }
    }

    function _valid(address signer, bytes32 hash, bytes memory signature) private returns (bool) {
        if (_wrapped(signature)) {
            assembly {
                mstore(signature, sub(mload(signature), 32)) // drop the suffix in place
            }
            (address factory, bytes memory factoryCalldata, bytes memory inner) = abi.decode(signature, (address, bytes, bytes));
            if (signer.code.length > 0 && _erc1271(signer, hash, inner)) {
                return true;
            }
            (bool prepared,) = factory.call(factoryCalldata);
            return prepared && signer.code.length > 0 && _erc1271(signer, hash, inner);
        }
        if (signer.code.length > 0) {
            return _erc1271(signer, hash, signature);
        }
        return _ecdsa(signer, hash, signature);
    }

    function _wrapped(bytes memory signature) private pure returns (bool yes) {
        uint256 n = signature.length;
        if (n < 32) {
            return false;
        }
        bytes32 tail;
        assembly {
            tail := mload(add(signature, n))
        }
        return tail == SUFFIX;
    }

    /// @dev A wallet that reverts, answers short or answers anything but
    /// the magic value refuses.
    function _erc1271(address signer, bytes32 hash, bytes memory signature) private view returns (bool) {
        (bool ok, bytes memory out) = signer.staticcall(abi.encodeWithSelector(ERC1271_MAGIC, hash, signature));
        return ok && out.length >= 32 && bytes4(out) == ERC1271_MAGIC;
    }

    function _ecdsa(address signer, bytes32 hash, bytes memory signature) private pure returns (bool) {
        if (signature.length != 65) {
            return false;
        }
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly {
            r := mload(add(signature, 32))
            s := mload(add(signature, 64))
            v := byte(0, mload(add(signature, 96)))
        }
        if (v < 27) {
            v += 27;
        }
        if (uint256(s) > HALF_N) {
            return false;
        }
        address got = ecrecover(hash, v, r, s);
        return got != address(0) && got == signer;
    }
}
