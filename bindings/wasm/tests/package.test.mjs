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
const trust = readFileSync(join(fixtureDir, "trust.json"), "utf8");
const statusToken = new Uint8Array(readFileSync(join(fixtureDir, "status.cwt")));
let pkg;
let spent = 0;
const fresh = () => fx.valid[spent++];

before(() => {
  const dir = mkdtempSync(join(tmpdir(), "verifier-user-"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "a-portal", private: true, type: "module" }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--silent", tgz], { cwd: dir, stdio: "inherit" });
  writeFileSync(join(dir, "use.mjs"), 'export * from "@citizen-wallet/verifier";\n');
  return import(pathToFileURL(join(dir, "use.mjs")).href).then((m) => (pkg = m));
});

function counter(options = {}) {
  const v = new pkg.Verifier(trust, { audience: fx.audience, ...options });
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
  const strict = new pkg.Verifier(trust, { audience: fx.audience });
  rejects(() => strict.verify(fresh()), "status_list_missing");
  const lenient = new pkg.Verifier(trust, { audience: fx.audience, statusMissing: "warn" });
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
});

test("status lists are verified before they are kept, and shown with their times", () => {
  const v = new pkg.Verifier(trust, {});
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
  rejects(() => new pkg.Verifier("{}", {}), "invalid_trust_list");
  rejects(() => new pkg.Verifier(trust, { audiance: "typo" }), "invalid_options");
  rejects(() => new pkg.Verifier(trust, { skewSecs: -5 }), "invalid_options");
  assert.match(pkg.version(), /^\d+\.\d+\.\d+$/);
});
