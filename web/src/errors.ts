// What a failed call means to a person, and what they can do next.

import { Code, ConnectError } from "@streamgate/sdk";

/** A failure in words. */
export interface Problem {
  kind: "expired" | "unavailable" | "denied" | "missing" | "not-ready" | "invalid" | "other";
  message: string;
}

/** Classifies an error from the SDK. */
export function problem(err: unknown): Problem {
  const e = ConnectError.from(err);
  const msg = e.rawMessage || e.message;
  switch (e.code) {
    case Code.Unauthenticated:
      return { kind: "expired", message: "Your session has expired. Sign in again." };
    case Code.Unavailable:
    case Code.DeadlineExceeded:
    case Code.ResourceExhausted:
    case Code.Aborted:
    case Code.Unknown:
    case Code.Internal:
      return {
        kind: "unavailable",
        message: "The server could not check right now (the chain or a service did not answer). Try again in a moment.",
      };
    case Code.PermissionDenied:
      return { kind: "denied", message: msg };
    case Code.NotFound:
      return { kind: "missing", message: "This video does not exist, or it is private." };
    case Code.FailedPrecondition:
      return { kind: "not-ready", message: msg };
    case Code.InvalidArgument:
      return { kind: "invalid", message: msg };
    default:
      return { kind: "other", message: msg };
  }
}

/**
 * Splits a validation error into field paths and messages: protovalidate
 * answers "validation error:\n - rule.any.rules[0].condition.contract: ...".
 */
export function fieldErrors(err: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const msg = ConnectError.from(err).rawMessage;
  for (const line of msg.split("\n")) {
    // One violation comes on the first line, several as a list below it.
    const m = /^\s*(?:validation error:)?\s*-?\s*([a-z_]+(?:\[\d+\])?(?:\.[a-z_]+(?:\[\d+\])?)+):\s*(.+)$/.exec(line);
    if (m) out.set(m[1]!, m[2]!);
  }
  return out;
}
