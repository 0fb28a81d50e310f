package auth

import (
	"errors"

	"connectrpc.com/connect"

	"github.com/streamgate/streamgate/internal/siwe"
	"github.com/streamgate/streamgate/server/rpcerr"
)

// Errors maps sign-in's sentinels to Connect codes; server/wires.go puts
// it into the server's one table.
var Errors = rpcerr.Table{
	{Err: ErrMalformed, Code: connect.CodeInvalidArgument},
	{Err: ErrBadSignatureEncoding, Code: connect.CodeInvalidArgument},
	{Err: ErrChainNotAllowed, Code: connect.CodeInvalidArgument},
	{Err: ErrBadRefreshToken, Code: connect.CodeInvalidArgument},
	{Err: ErrWrongOrigin, Code: connect.CodeUnauthenticated},
	{Err: ErrExpired, Code: connect.CodeUnauthenticated},
	{Err: ErrNonce, Code: connect.CodeUnauthenticated},
	{Err: ErrBadSignature, Code: connect.CodeUnauthenticated},
	{Err: ErrSessionEnded, Code: connect.CodeUnauthenticated},
	{Err: ErrRefreshReuse, Code: connect.CodeUnauthenticated},
	{Err: ErrNoChainAccess, Code: connect.CodeFailedPrecondition},
	{Err: ErrChainUnavailable, Code: connect.CodeUnavailable},
	{Err: ErrRateLimited, Code: connect.CodeResourceExhausted},
}

// Errors of the sign-in and session flows; Errors maps each to its
// Connect code.
var (
	// ErrMalformed: the message is not EIP-4361 (InvalidArgument).
	ErrMalformed = siwe.ErrMalformed
	// ErrBadSignatureEncoding: the signature bytes cannot be an EOA's
	// signature (wrong length, v not 27/28/0/1) (InvalidArgument).
	ErrBadSignatureEncoding = errors.New("malformed signature")
	// ErrChainNotAllowed: the chain id is not one this server accepts (InvalidArgument).
	ErrChainNotAllowed = errors.New("chain not allowed")
	// ErrBadRefreshToken: the refresh token is not one this server issues (InvalidArgument).
	ErrBadRefreshToken = errors.New("malformed refresh token")
	// ErrWrongOrigin: domain, scheme or URI is not this server's (Unauthenticated).
	ErrWrongOrigin = errors.New("message is for another site")
	// ErrExpired: the message is expired, not yet valid, or issued in the future (Unauthenticated).
	ErrExpired = errors.New("message is not valid now")
	// ErrNonce: the nonce was not issued for this address and chain, or is used (Unauthenticated).
	ErrNonce = errors.New("nonce unknown, expired or already used")
	// ErrBadSignature: the signature is not the address's (Unauthenticated).
	ErrBadSignature = errors.New("signature does not match the address")
	// ErrSessionEnded: the refresh token is unknown, expired, or its session revoked (Unauthenticated).
	ErrSessionEnded = errors.New("session ended")
	// ErrRefreshReuse: a replaced refresh token was presented; the session is now revoked (Unauthenticated).
	ErrRefreshReuse = errors.New("refresh token reused: the session is revoked")
	// ErrNoChainAccess: a contract wallet's signature needs chain access this server lacks (FailedPrecondition).
	ErrNoChainAccess = errors.New("contract wallet signatures (EIP-1271) need chain access, which this server does not have")
	// ErrChainUnavailable: the chain could not be asked about a contract wallet (Unavailable).
	ErrChainUnavailable = errors.New("chain unavailable")
	// ErrRateLimited: too many calls; the error carries a RetryInfo detail (ResourceExhausted).
	ErrRateLimited = errors.New("too many sign-in attempts")
)
