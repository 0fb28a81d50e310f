// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {OwnerWallet} from "OwnerWallet.sol";

/// @notice A CREATE2 factory of OwnerWallet accounts, as smart-account
/// wallets have: the account's address is known (accountAddress) before
/// it is deployed, so it can sign in (EIP-6492) before it exists.
contract WalletFactory {
    /// @notice Deploys owner's account for salt, or returns it when it is
    /// there already (a factory call must be safe to repeat).
    function createAccount(address owner, bytes32 salt) external returns (address account) {
        account = accountAddress(owner, salt);
        if (account.code.length == 0) {
            account = address(new OwnerWallet{salt: salt}(owner));
        }
    }

    /// @notice The address createAccount(owner, salt) deploys to.
    function accountAddress(address owner, bytes32 salt) public view returns (address) {
        bytes32 init = keccak256(abi.encodePacked(type(OwnerWallet).creationCode, abi.encode(owner)));
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), address(this), salt, init)))));
    }
}
