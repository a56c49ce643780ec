/** Options of a counter's verifier; every field is optional. */
export interface VerifierOptions {
  /** Presentations must be addressed to this counter (their `aud`). */
  audience?: string;
  /** Longest presentation lifetime accepted, in seconds (default 900). */
  maxTtlSecs?: number;
  /** Tolerated clock difference between phone and counter, in seconds (default 60). */
  skewSecs?: number;
  /** When no status list is held for a credential: reject (default) or accept with a warning. */
  statusMissing?: "reject" | "warn";
  /** When the status list held has expired: reject (default) or accept with a warning. */
  statusExpired?: "reject" | "warn";
  /** Most presentations remembered for replay detection (default 65536). */
  replayCapacity?: number;
  /** `false` turns replay detection off (benchmarks only; a counter keeps it on). Default true. */
  replay?: boolean;
}

export interface DisclosedClaim {
  /** Stable snake_case name: full_name, id_number, date_of_birth, sex, age_over_18, ... */
  name: string;
  /** Text (dates as YYYY-MM-DD, sex as male/female/other) or a boolean (age_over_NN). */
  value: string | boolean;
}

export type StatusCheck =
  | { kind: "no_status_claim" }
  | { kind: "not_checked" }
  | { kind: "valid"; listIssuedAt: number }
  | { kind: "warning"; code: "status_list_missing" | "status_list_expired"; reason: string };

/** A presentation that passed every check. Times are Unix seconds. */
export interface VerifiedPresentation {
  issuer: string;
  issuerName: string | null;
  kid: string;
  docType: "identity" | "residence" | null;
  claims: DisclosedClaim[];
  otherClaims: { path: string; value: string }[];
  audience: string;
  nonce: string | null;
  presentedAt: number;
  expiresAt: number;
  credentialIssuedAt: number;
  credentialExpiresAt: number;
  holderThumbprint: string;
  /** Hex SHA-256 of the holder's signature: what the replay memory keeps. */
  presentationId: string;
  status: { uri: string; index: number } | null;
  statusCheck: StatusCheck;
}

/** The QR printed on a chip ID card: plain text, NOT signed, NOT verified. */
export interface UnsignedCard {
  kind: "unsigned_card";
  verified: false;
  notice: string;
  fields: {
    idNumber: string;
    oldIdNumber: string | null;
    fullName: string;
    dateOfBirth: string;
    sex: "male" | "female" | "other";
    address: string;
    issueDate: string;
    extraFields: string[];
  };
}

export type ScanResult = ({ kind: "verified" } & VerifiedPresentation) | UnsignedCard;

export interface StatusListInfo {
  iss: string;
  kid: string;
  uri: string;
  issuedAt: number;
  expiresAt: number | null;
  refreshDueAt: number | null;
  entries: number;
}

export interface ReplayEntry {
  id: string;
  keepUntil: number;
  firstSeenAt: number;
}

/**
 * What every method throws: an Error whose `code` is stable (FORMAT.md's verification codes such
 * as "expired", "replayed", "wrong_audience", "revoked", plus "input_method", "invalid_trust_list",
 * "invalid_options" and the status-list codes) and whose `reason` is an English sentence.
 */
export interface VerifyError extends Error {
  name: "VerifyError";
  code: string;
  reason: string;
}

export class Verifier {
  /** @throws VerifyError with code "invalid_trust_list" or "invalid_options". */
  constructor(trustListJson: string, options?: VerifierOptions);
  /** Verifies a Status List Token against the trust list, keeps it when newer than the one held. */
  addStatusList(token: Uint8Array): { update: "added" | "replaced" | "unchanged"; lists: StatusListInfo[] };
  statusLists(): StatusListInfo[];
  /** @throws VerifyError */
  verify(qrText: string): VerifiedPresentation;
  /** @throws VerifyError */
  scan(qrText: string): ScanResult;
  /** Unexpired replay entries (hashes only), to persist. */
  exportReplay(): ReplayEntry[];
  /** Restores persisted entries; returns how many were taken. */
  importReplay(entries: ReplayEntry[]): number;
  free(): void;
}

/** Finds a QR code in RGBA pixels (canvas ImageData.data); undefined when none is readable. */
export function decodeQr(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): string | undefined;
/** Whether a keyboard input method (Telex/VNI) mangled a scanner's text. */
export function inputProblem(text: string): { code: "input_method"; reason: string } | undefined;
export function version(): string;
