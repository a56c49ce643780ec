// The npm package as a user gets it: the packed tarball installed into a fresh folder, imported by
// name (the "node" export), checked on QR texts made at test time by tests/src/bin/web_fixtures.rs.
// Run by scripts/test-web.sh with VERIFIER_TGZ (the tarball) and WEB_FIXTURES (the fixture folder).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const tgz = process.env.VERIFIER_TGZ;
const fixtureDir = process.env.WEB_FIXTURES;
assert.ok(tgz && fixtureDir, "set VERIFIER_TGZ and WEB_FIXTURES (scripts/test-web.sh does)");
const fx = JSON.parse(readFileSync(join(fixtureDir, "fixtures.json"), "utf8"));
const anchor = readFileSync(join(fixtureDir, "anchor.json"), "utf8");
const bundle = (name) => new Uint8Array(readFileSync(join(fixtureDir, name)));
const statusToken = new Uint8Array(readFileSync(join(fixtureDir, "status.cwt")));
let pkg;
let installedAt;
let spent = 0;
const fresh = () => fx.valid[spent++];

before(() => {
  const dir = mkdtempSync(join(tmpdir(), "verifier-user-"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "a-portal", private: true, type: "module" }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--silent", tgz], { cwd: dir, stdio: "inherit" });
  writeFileSync(join(dir, "use.mjs"), 'export * from "@citizen-wallet/verifier";\n');
  installedAt = join(dir, "node_modules", "@citizen-wallet", "verifier");
  return import(pathToFileURL(join(dir, "use.mjs")).href).then((m) => (pkg = m));
});

test("the package ships the licence texts of the crates compiled into its WebAssembly", () => {
  const notices = readFileSync(join(installedAt, "THIRD_PARTY_LICENSES.txt"), "utf8");
  for (const crate of ["curve25519-dalek", "ed25519-dalek", "rxing", "rqrr", "zlib-rs"]) {
    assert.match(notices, new RegExp(`^${crate} [0-9.]+ \\(`, "m"), crate);
  }
  assert.match(notices, /Apache License/);
});

/** A store holding the current signed bundle (seq 2). */
function trustStore(options = {}) {
  const store = new pkg.TrustStore(anchor, options);
  store.update(bundle("trust.cwt"));
  return store;
}

function counter(options = {}) {
  const v = new pkg.Verifier(trustStore(), { audience: fx.audience, ...options });
  v.addStatusList(statusToken);
  return v;
}

function rejects(fn, code) {
  assert.throws(fn, (e) => {
    assert.equal(e.code, code, `expected ${code}, got ${e.code}: ${e.reason}`);
    assert.equal(e.name, "VerifyError");
    assert.ok(e instanceof Error && e.reason.length > 0);
    return true;
  });
}

test("a fresh presentation verifies with the disclosed claims, issuer and lifetime", () => {
  const r = counter().verify(fresh());
  const claims = Object.fromEntries(r.claims.map((c) => [c.name, c.value]));
  assert.equal(claims.full_name, fx.fullName);
  assert.equal(claims.id_number, fx.idNumber);
  assert.equal(claims.age_over_18, true);
  assert.equal(r.issuerName, fx.issuerName);
  assert.equal(r.audience, fx.audience);
  assert.equal(r.statusCheck.kind, "valid");
  assert.ok(r.expiresAt > Date.now() / 1000, "not yet expired");
  assert.match(r.presentationId, /^[0-9a-f]{64}$/);
});

test("the same QR twice is refused as a replay, another presentation is not", () => {
  const v = counter();
  const qr = fresh();
  v.verify(qr);
  rejects(() => v.verify(qr), "replayed");
  v.verify(fresh());
});

test("the replay memory survives a reload through export and import, holding only hashes", () => {
  const before = counter();
  const qr = fresh();
  const id = before.verify(qr).presentationId;
  const saved = JSON.parse(JSON.stringify(before.exportReplay()));
  assert.deepEqual(saved.map((e) => e.id), [id]);
  assert.ok(!JSON.stringify(saved).includes(fx.fullName));
  const after = counter();
  assert.equal(after.importReplay(saved), 1);
  rejects(() => after.verify(qr), "replayed");
  rejects(() => after.importReplay([{ id: "nothex", keepUntil: 1, firstSeenAt: 0 }]), "invalid_replay");
});

test("each rejection has its FORMAT.md code", () => {
  const v = counter();
  rejects(() => v.verify(fx.tampered), "bad_holder_signature");
  rejects(() => v.verify(fx.expired), "expired");
  rejects(() => v.verify(fx.wrongAudience), "wrong_audience");
  rejects(() => v.verify(fx.revoked), "revoked");
  rejects(() => v.verify(fx.unlisted), "status_list_missing");
  rejects(() => v.verify(fx.unknownIssuer), "unknown_issuer");
  rejects(() => v.verify("hello"), "not_a_presentation");
  rejects(() => v.verify("CW1:%%%"), "unreadable_qr");
  rejects(() => counter({ maxTtlSecs: 60 }).verify(fresh()), "ttl_too_long");
});

test("without status lists a credential that names one is refused, or warned about by policy", () => {
  const strict = new pkg.Verifier(trustStore(), { audience: fx.audience });
  rejects(() => strict.verify(fresh()), "status_list_missing");
  const lenient = new pkg.Verifier(trustStore(), { audience: fx.audience, statusMissing: "warn" });
  const r = lenient.verify(fresh());
  assert.equal(r.statusCheck.kind, "warning");
  assert.equal(r.statusCheck.code, "status_list_missing");
});

test("a scan typed through a Telex input method is reported as the input method", () => {
  // Unikey Telex turns "W" into "Ư" and "DD" into "Đ": the scanner's text is no longer Base45.
  const mangled = fresh().replaceAll("W", "Ư").replaceAll("DD", "Đ");
  rejects(() => counter().scan(mangled), "input_method");
  assert.equal(pkg.inputProblem(mangled).code, "input_method");
  assert.equal(pkg.inputProblem(fx.card), undefined);
});

test("scan tells a verified presentation from an unsigned printed card QR", () => {
  const v = counter();
  assert.equal(v.scan(fresh()).kind, "verified");
  const card = v.scan(fx.card);
  assert.equal(card.kind, "unsigned_card");
  assert.equal(card.verified, false);
  assert.equal(card.fields.fullName, fx.fullName);
  assert.match(card.notice, /UNSIGNED/);
  rejects(() => v.scan("079190001234|x"), "malformed_card_qr");
  // Vietnamese written with combining marks (NFD) reads as the same precomposed text: the package
  // normalises with the JavaScript engine, its WebAssembly carries no normalisation tables.
  const nfd = fx.card.normalize("NFD");
  assert.notEqual(nfd, fx.card);
  assert.equal(v.scan(nfd).fields.fullName, fx.fullName);
});

test("status lists are verified before they are kept, and shown with their times", () => {
  const v = new pkg.Verifier(trustStore(), {});
  const added = v.addStatusList(statusToken);
  assert.equal(added.update, "added");
  assert.equal(v.addStatusList(statusToken).update, "unchanged");
  const [list] = v.statusLists();
  assert.ok(list.issuedAt <= fx.now && list.expiresAt > fx.now && list.entries >= 2);
  const forged = statusToken.slice();
  forged[forged.length - 1] ^= 1;
  rejects(() => v.addStatusList(forged), "bad_status_list_signature");
  rejects(() => v.addStatusList(new Uint8Array([1, 2, 3])), "invalid_status_list");
});

test("bad configuration is refused with its own code", () => {
  rejects(() => new pkg.TrustStore("{}"), "invalid_trust_settings");
  rejects(() => new pkg.TrustStore(anchor, { expird: "warn" }), "invalid_trust_settings");
  rejects(() => new pkg.Verifier(new pkg.TrustStore(anchor), {}), "no_trust_bundle");
  rejects(() => new pkg.Verifier(trustStore(), { audiance: "typo" }), "invalid_options");
  rejects(() => new pkg.Verifier(trustStore(), { skewSecs: -5 }), "invalid_options");
  assert.match(pkg.version(), /^\d+\.\d+\.\d+$/);
});

test("a good signed bundle gives a verifier on its issuers; what it says is readable", () => {
  const store = new pkg.TrustStore(JSON.parse(anchor));
  assert.equal(store.current(), undefined);
  const update = store.update(bundle("trust.cwt"));
  assert.deepEqual(update, { seq: 2, previousSeq: null, anchorsChanged: false, unchanged: false });
  const info = store.current();
  assert.equal(info.seq, 2);
  assert.equal(info.anchorKid, fx.anchorKid);
  assert.equal(info.expired, false);
  assert.ok(info.issuers.some((i) => i.name === fx.issuerName));
  assert.deepEqual(store.anchorKids(), [fx.anchorKid]);
  const v = new pkg.Verifier(store, { audience: fx.audience });
  v.addStatusList(statusToken);
  const r = v.verify(fresh());
  assert.equal(r.trustWarning, null);
  assert.equal(r.issuerName, fx.issuerName);
});

test("an older or equal bundle is refused as a rollback, also after a restart from the saved state", () => {
  const store = trustStore();
  rejects(() => store.update(bundle("trust-old.cwt")), "trust_bundle_rollback");
  assert.equal(store.update(bundle("trust.cwt")).unchanged, true, "the held bundle again changes nothing");
  const saved = store.save();
  assert.ok(saved instanceof Uint8Array && saved.length > 0);
  const reloaded = pkg.TrustStore.restore(anchor, saved);
  assert.equal(reloaded.current().seq, 2);
  rejects(() => reloaded.update(bundle("trust-old.cwt")), "trust_bundle_rollback");
  assert.equal(reloaded.current().seq, 2, "a refused bundle changes nothing");
  assert.equal(reloaded.update(bundle("trust-next.cwt")).seq, 4);
  rejects(() => pkg.TrustStore.restore(anchor, new Uint8Array([1, 2, 3])), "malformed_trust_bundle");
});

test("bundles not signed by a pinned anchor, and unsigned lists, are refused with their codes", () => {
  const store = trustStore();
  rejects(() => store.update(bundle("trust-foreign.cwt")), "unknown_trust_anchor");
  rejects(() => store.update(bundle("trust-forged.cwt")), "bad_trust_bundle_signature");
  rejects(() => store.update(bundle("trust.json")), "malformed_trust_bundle");
  const tampered = bundle("trust-next.cwt");
  tampered[tampered.length - 40] ^= 1;
  rejects(() => store.update(tampered), "bad_trust_bundle_signature");
  assert.equal(store.current().seq, 2);
});

test("an expired bundle is refused by default, and used with a warning on every verdict under the warn policy", () => {
  rejects(() => new pkg.TrustStore(anchor).update(bundle("trust-expired.cwt")), "trust_bundle_expired");
  const store = new pkg.TrustStore(anchor, { expired: "warn" });
  store.update(bundle("trust-expired.cwt"));
  assert.equal(store.current().expired, true);
  const v = new pkg.Verifier(store, { audience: fx.audience });
  v.addStatusList(statusToken);
  for (let i = 0; i < 2; i++) {
    const r = v.verify(fresh());
    assert.equal(r.trustWarning.code, "trust_bundle_expired");
    assert.ok(r.trustWarning.secondsAgo > 0);
  }
  // The same held state under the default policy: no verifier at all.
  const strict = pkg.TrustStore.restore(anchor, store.save());
  rejects(() => new pkg.Verifier(strict, {}), "trust_bundle_expired");
});

test("a disclosed portrait arrives as bytes with its media type; a broken one is invalid_portrait", () => {
  rejects(() => counter().verify(fx.badPortrait), "invalid_portrait");
  assert.ok(fx.portrait.length > 0, "scripts/test-web.sh makes a portrait QR with cwallet");
  const r = counter().verify(fx.portrait[0]);
  assert.equal(r.portrait.mediaType, "image/webp");
  assert.ok(r.portrait.bytes instanceof Uint8Array);
  assert.equal(r.portrait.bytes.length, r.portrait.length);
  assert.equal(new TextDecoder().decode(r.portrait.bytes.slice(0, 4)), "RIFF");
  assert.equal(new TextDecoder().decode(r.portrait.bytes.slice(8, 12)), "WEBP");
  const claim = r.claims.find((c) => c.name === "portrait");
  assert.equal(claim.value, r.portrait);
  assert.ok(r.claims.some((c) => c.name === "full_name" && c.value === fx.fullName));
  // Without the portrait disclosed, the result has none.
  assert.equal(counter().verify(fresh()).portrait, null);
});
