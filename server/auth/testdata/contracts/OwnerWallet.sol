// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice A one-owner contract wallet for tests: it approves (EIP-1271) a
/// hash when the signature is its owner's 65-byte ECDSA signature of it.
contract OwnerWallet {
    bytes4 internal constant MAGIC = 0x1626ba7e;
    address public immutable owner;

    constructor(address owner_) {
        owner = owner_;
    }

    function isValidSignature(bytes32 hash, bytes calldata sig) external view returns (bytes4) {
        if (sig.length != 65) {
            return 0xffffffff;
        }
        bytes32 r = bytes32(sig[0:32]);
        bytes32 s = bytes32(sig[32:64]);
        uint8 v = uint8(sig[64]);
        if (v < 27) {
            v += 27;
        }
        address signer = ecrecover(hash, v, r, s);
        if (signer == address(0) || signer != owner) {
            return 0xffffffff;
        }
        return MAGIC;
    }
}

/// @notice A contract wallet that reverts on every signature check.
contract RevertingWallet {
    function isValidSignature(bytes32, bytes calldata) external pure returns (bytes4) {
        revert("no");
    }
}
