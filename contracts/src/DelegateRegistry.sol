// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title DelegateRegistry is StreamGate's own implementation of the
/// delegate.xyz v2 registry's interface (the same function signatures and
/// answers; written for tests and the dev chain, not a copy of the
/// deployed contract). The dev chain puts its code at the registry's
/// canonical address, 0x00000000000000447e69651d841bD8D104Bed493, in the
/// genesis block, so that the gate's delegation reads run against the
/// interface they meet on a real chain.
///
/// A vault (`from`) lets a hot wallet (`to`) act for it: for everything,
/// for one contract, for one ERC-721 token, or for an amount of an ERC-20
/// or of one ERC-1155 id. `rights` labels a partial delegation; zero is a
/// full one, and every check with a label also accepts a full delegation.
contract DelegateRegistry {
    enum DelegationType {
        NONE,
        ALL,
        CONTRACT,
        ERC721,
        ERC20,
        ERC1155
    }

    struct Delegation {
        DelegationType type_;
        address to;
        address from;
        bytes32 rights;
        address contract_;
        uint256 tokenId;
        uint256 amount;
    }

    /// @dev Every delegation ever made, by its key; type_ NONE once revoked.
    mapping(bytes32 => Delegation) private byKey;
    /// @dev The keys each hot wallet was ever given, in order.
    mapping(address => bytes32[]) private keysTo;
    mapping(bytes32 => bool) private listed;

    event DelegateAll(address indexed from, address indexed to, bytes32 rights, bool enable);
    event DelegateContract(address indexed from, address indexed to, address indexed contract_, bytes32 rights, bool enable);
    event DelegateERC721(address indexed from, address indexed to, address indexed contract_, uint256 tokenId, bytes32 rights, bool enable);
    event DelegateERC20(address indexed from, address indexed to, address indexed contract_, bytes32 rights, uint256 amount);
    event DelegateERC1155(address indexed from, address indexed to, address indexed contract_, uint256 tokenId, bytes32 rights, uint256 amount);

    function delegateAll(address to, bytes32 rights, bool enable) external payable returns (bytes32 delegationHash) {
        delegationHash = _set(DelegationType.ALL, to, rights, address(0), 0, enable ? 1 : 0);
        emit DelegateAll(msg.sender, to, rights, enable);
    }

    function delegateContract(address to, address contract_, bytes32 rights, bool enable) external payable returns (bytes32 delegationHash) {
        delegationHash = _set(DelegationType.CONTRACT, to, rights, contract_, 0, enable ? 1 : 0);
        emit DelegateContract(msg.sender, to, contract_, rights, enable);
    }

    function delegateERC721(address to, address contract_, uint256 tokenId, bytes32 rights, bool enable)
        external
        payable
        returns (bytes32 delegationHash)
    {
        delegationHash = _set(DelegationType.ERC721, to, rights, contract_, tokenId, enable ? 1 : 0);
        emit DelegateERC721(msg.sender, to, contract_, tokenId, rights, enable);
    }

    /// @notice An amount of zero revokes.
    function delegateERC20(address to, address contract_, bytes32 rights, uint256 amount) external payable returns (bytes32 delegationHash) {
        delegationHash = _set(DelegationType.ERC20, to, rights, contract_, 0, amount);
        emit DelegateERC20(msg.sender, to, contract_, rights, amount);
    }

    /// @notice An amount of zero revokes.
    function delegateERC1155(address to, address contract_, uint256 tokenId, bytes32 rights, uint256 amount)
        external
        payable
        returns (bytes32 delegationHash)
    {
        delegationHash = _set(DelegationType.ERC1155, to, rights, contract_, tokenId, amount);
        emit DelegateERC1155(msg.sender, to, contract_, tokenId, rights, amount);
    }

    function checkDelegateForAll(address to, address from, bytes32 rights) public view returns (bool) {
        return _held(DelegationType.ALL, to, from, rights, address(0), 0) > 0;
    }

    function checkDelegateForContract(address to, address from, address contract_, bytes32 rights) public view returns (bool) {
        return checkDelegateForAll(to, from, rights) || _held(DelegationType.CONTRACT, to, from, rights, contract_, 0) > 0;
    }

    function checkDelegateForERC721(address to, address from, address contract_, uint256 tokenId, bytes32 rights)
        external
        view
        returns (bool)
    {
        return checkDelegateForContract(to, from, contract_, rights) || _held(DelegationType.ERC721, to, from, rights, contract_, tokenId) > 0;
    }

    /// @notice The amount delegated; type(uint256).max when the whole
    /// contract or the whole vault is.
    function checkDelegateForERC20(address to, address from, address contract_, bytes32 rights) external view returns (uint256) {
        if (checkDelegateForContract(to, from, contract_, rights)) {
            return type(uint256).max;
        }
        return _held(DelegationType.ERC20, to, from, rights, contract_, 0);
    }

    /// @notice The amount of tokenId delegated; type(uint256).max when the
    /// whole contract or the whole vault is.
    function checkDelegateForERC1155(address to, address from, address contract_, uint256 tokenId, bytes32 rights)
        external
        view
        returns (uint256)
    {
        if (checkDelegateForContract(to, from, contract_, rights)) {
            return type(uint256).max;
        }
        return _held(DelegationType.ERC1155, to, from, rights, contract_, tokenId);
    }

    /// @notice Every delegation `to` holds now, revoked ones left out, in
    /// the order they were first made.
    function getIncomingDelegations(address to) external view returns (Delegation[] memory delegations) {
        bytes32[] storage keys = keysTo[to];
        uint256 live;
        for (uint256 i = 0; i < keys.length; i++) {
            if (byKey[keys[i]].type_ != DelegationType.NONE) {
                live++;
            }
        }
        delegations = new Delegation[](live);
        uint256 j;
        for (uint256 i = 0; i < keys.length; i++) {
            if (byKey[keys[i]].type_ != DelegationType.NONE) {
                delegations[j++] = byKey[keys[i]];
            }
        }
    }

    function _key(DelegationType t, address to, address from, bytes32 rights, address contract_, uint256 tokenId)
        private
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(t, to, from, rights, contract_, tokenId));
    }

    /// @dev amount zero revokes; for ALL, CONTRACT and ERC721 it is 1 or 0.
    function _set(DelegationType t, address to, bytes32 rights, address contract_, uint256 tokenId, uint256 amount)
        private
        returns (bytes32 key)
    {
        key = _key(t, to, msg.sender, rights, contract_, tokenId);
        if (amount == 0) {
            delete byKey[key];
            return key;
        }
        uint256 stored = (t == DelegationType.ERC20 || t == DelegationType.ERC1155) ? amount : 0;
        byKey[key] = Delegation(t, to, msg.sender, rights, contract_, tokenId, stored);
        if (!listed[key]) {
            listed[key] = true;
            keysTo[to].push(key);
        }
    }

    /// @dev What a delegation of type t grants: its amount (1 for the
    /// types without one), the larger of the full and the labelled one.
    function _held(DelegationType t, address to, address from, bytes32 rights, address contract_, uint256 tokenId)
        private
        view
        returns (uint256 best)
    {
        best = _grant(byKey[_key(t, to, from, 0, contract_, tokenId)]);
        if (rights != 0) {
            uint256 labelled = _grant(byKey[_key(t, to, from, rights, contract_, tokenId)]);
            if (labelled > best) {
                best = labelled;
            }
        }
    }

    function _grant(Delegation storage d) private view returns (uint256) {
        if (d.type_ == DelegationType.NONE) {
            return 0;
        }
        if (d.type_ == DelegationType.ERC20 || d.type_ == DelegationType.ERC1155) {
            return d.amount;
        }
        return 1;
    }
}
