// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title NoERC165 has code but no supportsInterface: any call to an
/// unknown selector reverts, as on many pre-ERC-165 contracts.
contract NoERC165 {
    uint256 public value = 1;
}

/// @title GasBurner answers every unknown call by spinning until it runs
/// out of gas, to prove that ERC-165 detection is gas-capped.
contract GasBurner {
    fallback() external {
        uint256 i;
        while (true) {
            unchecked {
                i++;
            }
        }
    }
}
