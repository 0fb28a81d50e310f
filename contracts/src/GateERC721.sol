// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title GateERC721 is an ERC-721 collection whose owner mints: the demo
/// pass on the dev chain and the collection StreamGate's tests gate on.
contract GateERC721 is ERC721, Ownable {
    constructor(string memory name_, string memory symbol_) ERC721(name_, symbol_) Ownable(msg.sender) {}

    /// @notice Mints token `id` to `to`.
    function mint(address to, uint256 id) external onlyOwner {
        _safeMint(to, id);
    }
}
