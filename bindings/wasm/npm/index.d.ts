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

/** What the held trust bundle says (public data). Times are Unix seconds. */
export interface TrustBundleInfo {
  seq: number;
  issuedAt: number;
  expiresAt: number;
  expired: boolean;
  anchorKid: string;
  issuers: { iss: string; kid: string; name: string | null; statusUris: string[] }[];
  /** Number of registered verifiers (a counter does not use them). */
  verifiers: number;
}

export interface TrustUpdate {
  seq: number;
  previousSeq: number | null;
  anchorsChanged: boolean;
  /** The very bundle already held was handed in again: nothing changed. */
  unchanged: boolean;
}

/** A trust anchor as `cwallet trust init` writes anchor.json: `{ kid, key: { kty: "OKP", crv: "Ed25519", x } }`. */
export type TrustAnchorJson = { kid: string; key: { kty: string; crv: string; x: string } };

export interface TrustStoreOptions {
  /** A bundle past its `exp`: refused, and every verdict refused ("reject", the default), or used with a
   * `trustWarning` on every verdict ("warn"). */
  expired?: "reject" | "warn";
}

/**
 * The pinned trust anchors and the newest signed trust bundle accepted. Checks are the Rust core's:
 * signature by a pinned anchor (or one it rotated to), `seq` above the one held (rollback), expiry.
 */
export class TrustStore {
  /** @throws VerifyError with code "invalid_trust_settings" (or the anchor's key error). */
  constructor(anchors: TrustAnchorJson | string | (TrustAnchorJson | string)[], options?: TrustStoreOptions);
  /** Re-verifies a state saved with `save()` from the pinned anchors (after a reload). */
  static restore(anchors: TrustAnchorJson | string | (TrustAnchorJson | string)[], saved: Uint8Array, options?: TrustStoreOptions): TrustStore;
  /**
   * Verifies a signed trust bundle (application/cw-trust+cwt) and makes it current.
   * @throws VerifyError with code "trust_bundle_rollback", "unknown_trust_anchor",
   * "bad_trust_bundle_signature", "trust_bundle_expired", "trust_bundle_not_yet_valid" or
   * "malformed_trust_bundle"; a refused bundle changes nothing.
   */
  update(bundle: Uint8Array): TrustUpdate;
  /** Bytes to persist (public data); give them to `TrustStore.restore` after a reload. */
  save(): Uint8Array;
  current(): TrustBundleInfo | undefined;
  anchorKids(): string[];
  free(): void;
}

/** A disclosed portrait (biometric data: show it, never store or log it). */
export interface PortraitImage {
  /** image/webp, image/jpeg, image/png, image/avif or image/jp2 */
  mediaType: string;
  length: number;
  bytes: Uint8Array;
}

export interface DisclosedClaim {
  /** Stable snake_case name: full_name, id_number, date_of_birth, sex, age_over_18, portrait, ... */
  name: string;
  /** Text (dates as YYYY-MM-DD, sex as male/female/other), a boolean (age_over_NN), or the portrait. */
  value: string | boolean | PortraitImage;
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
  /** Set when the trust bundle had expired and the store's policy is "warn": show it on the verdict. */
  trustWarning: { code: "trust_bundle_expired"; secondsAgo: number; reason: string } | null;
  /** The disclosed portrait, or null. */
  portrait: PortraitImage | null;
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
 * as "expired", "replayed", "wrong_audience", "revoked", "invalid_portrait", "trust_bundle_expired",
 * plus "input_method", "invalid_options", the trust-bundle codes of `TrustStore.update` and the
 * status-list codes) and whose `reason` is an English sentence.
 */
export interface VerifyError extends Error {
  name: "VerifyError";
  code: string;
  reason: string;
}

export class Verifier {
  /**
   * On the issuer keys of the store's current bundle.
   * @throws VerifyError with code "no_trust_bundle", "trust_bundle_expired" (policy "reject") or "invalid_options".
   */
  constructor(trust: TrustStore, options?: VerifierOptions);
  /** Verifies a Status List Token against the bundle's issuer keys, keeps it when newer than the one held. */
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
