// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title Multicall3 batches view calls into one eth_call. It implements
/// aggregate3 as the contract deployed at
/// 0xcA11bde05977b3631167028862bE2a173976CA11 on most EVM chains does
/// (same selector, same encoding, every sub-call forwarded all remaining
/// gas), so that the gate's batching is tested against the semantics it
/// meets on a real chain. The dev chain puts its code at that address in
/// the genesis block.
contract Multicall3 {
    struct Call3 {
        address target;
        bool allowFailure;
        bytes callData;
    }

    struct Result {
        bool success;
        bytes returnData;
    }

    /// @notice Calls each target in order; a failed call reverts the whole
    /// batch unless it allows failure.
    function aggregate3(Call3[] calldata calls) public payable returns (Result[] memory returnData) {
        uint256 length = calls.length;
        returnData = new Result[](length);
        for (uint256 i = 0; i < length; i++) {
            Call3 calldata c = calls[i];
            Result memory r = returnData[i];
            (r.success, r.returnData) = c.target.call(c.callData);
            require(r.success || c.allowFailure, "Multicall3: call failed");
        }
    }
}
