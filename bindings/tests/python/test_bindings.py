"""The generated Python bindings against the real host library (stdlib only): the same scenario as
the Kotlin test, with a Python key wrapper, typed exceptions, revocation, replay, card QR and threads.

Run by bindings/test.sh with PYTHONPATH pointing at the generated module.
"""

import hashlib
import hmac
import os
import struct
import secrets
import tempfile
import threading
import time
import unittest
from concurrent.futures import ThreadPoolExecutor

import citizen_wallet as cw

PIN = "246810"
COUNTER = "bank-counter-7"
FAST = cw.WalletSettings(kdf_memory_kib=64, kdf_iterations=1, unlock_delays=True, max_failed_unlocks=None,
                         insecure_kdf_for_tests=True)


class XorMacKeyWrapper(cw.KeyWrapper):
    """A stdlib-only authenticated wrap (keystream + HMAC) standing in for a platform keystore."""

    def __init__(self):
        self._key = secrets.token_bytes(32)
        self.calls = 0
        self._lock = threading.Lock()

    def _stream(self, nonce, n):
        out = b""
        counter = 0
        while len(out) < n:
            out += hashlib.sha256(self._key + nonce + counter.to_bytes(4, "big")).digest()
            counter += 1
        return out[:n]

    def wrap(self, plaintext):
        with self._lock:
            self.calls += 1
        nonce = secrets.token_bytes(16)
        body = bytes(a ^ b for a, b in zip(plaintext, self._stream(nonce, len(plaintext))))
        tag = hmac.new(self._key, nonce + body, hashlib.sha256).digest()
        return nonce + body + tag

    def unwrap(self, wrapped):
        with self._lock:
            self.calls += 1
        if len(wrapped) < 48:
            raise cw.KeyWrapperError.Rejected()
        nonce, body, tag = wrapped[:16], wrapped[16:-32], wrapped[-32:]
        if not hmac.compare_digest(tag, hmac.new(self._key, nonce + body, hashlib.sha256).digest()):
            raise cw.KeyWrapperError.Rejected()
        return bytes(a ^ b for a, b in zip(body, self._stream(nonce, len(body))))


class NeedsAuthentication(cw.KeyWrapper):
    def wrap(self, plaintext):
        raise cw.KeyWrapperError.AuthenticationRequired()

    def unwrap(self, wrapped):
        raise cw.KeyWrapperError.AuthenticationRequired()


class Buggy(cw.KeyWrapper):
    def wrap(self, plaintext):
        raise RuntimeError("keystore exploded")

    def unwrap(self, wrapped):
        raise RuntimeError("keystore exploded")


class CollectingLogger(cw.Logger):
    def __init__(self):
        self.lines = []

    def log(self, level, message):
        self.lines.append(f"{level} {message}")


class BindingsScenario(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        cls.logger = CollectingLogger()
        cw.set_logger(cls.logger)
        cls.issuer = cw.Issuer.demo()
        cls.trust = cls.issuer.trust_list_json()
        cls.record = cw.demo_citizen_record()
        cls.key_wrapper = XorMacKeyWrapper()
        cls.path = os.path.join(cls.dir.name, "wallet.db")
        cls.wallet = cw.Wallet.create(cls.path, PIN, cls.key_wrapper, FAST)
        holder = cls.wallet.holder_public_key()
        cls.identity = cls.wallet.import_credential(
            cls.issuer.issue(cls.record, cw.DocType.IDENTITY, holder, status_index=5), cls.trust)
        cls.residence = cls.wallet.import_credential(
            cls.issuer.issue(cls.record, cw.DocType.RESIDENCE, holder, status_index=6), cls.trust)
        cls.verifier = cw.Verifier(cls.trust, cw.VerifierPolicy(audience=COUNTER))

    @classmethod
    def tearDownClass(cls):
        cw.set_logger(None)
        cls.dir.cleanup()

    def present(self, claims, **kwargs):
        return self.wallet.present(self.identity, claims, COUNTER, **kwargs)

    def test_import_list_and_values(self):
        self.assertTrue(self.key_wrapper.calls >= 1, "the Python key wrapper was called by Rust")
        self.assertEqual(len(self.wallet.holder_public_key()), 32)
        summaries = {s.id: s for s in self.wallet.list_credentials()}
        self.assertEqual(len(summaries), 2)
        self.assertIn("date_of_birth", summaries[self.identity].claims)
        self.assertNotIn(self.record.full_name, repr(summaries))
        claims = {c.name: c.value for c in self.wallet.credential_claims(self.residence)}
        self.assertEqual(claims["full_name"], self.record.full_name)

    def test_rejected_imports_are_typed(self):
        other = cw.Wallet.create(os.path.join(self.dir.name, "other.db"), PIN, None, FAST)
        foreign = self.issuer.issue(self.record, cw.DocType.IDENTITY, other.holder_public_key())
        with self.assertRaises(cw.WalletError.NotBoundToWallet):
            self.wallet.import_credential(foreign, self.trust)
        rogue = cw.Issuer("rogue-1", "https://rogue.example", age_thresholds=[18])
        with self.assertRaises(cw.WalletError.UntrustedCredential) as ctx:
            self.wallet.import_credential(rogue.issue(self.record, cw.DocType.IDENTITY, self.wallet.holder_public_key()), self.trust)
        self.assertEqual(ctx.exception.code, "unknown_issuer")
        with self.assertRaises(cw.WalletError.InvalidCredential):
            self.wallet.import_credential(b"\x00garbage", self.trust)

    def test_present_and_verify(self):
        p = self.present(["full_name", "id_number", "age_over_18"])
        self.assertTrue(p.qr_text.startswith("CW1:"))
        self.assertEqual(p.expires_at - p.issued_at, 60)
        v = self.verifier.verify(p.qr_text)
        self.assertEqual({c.name for c in v.claims}, {"full_name", "id_number", "age_over_18"})
        self.assertEqual({c.name: c.value for c in v.claims}["full_name"], self.record.full_name)
        self.assertEqual(v.holder_thumbprint, self.wallet.holder_key_thumbprint())
        self.assertEqual(v.status, cw.StatusResult.NOT_CHECKED())
        self.assertLessEqual(cw.qr_matrix(p.qr_text).version, 22)
        # Replay protection is on by default: the same QR again at this counter is a replay.
        with self.assertRaises(cw.VerifyError.Replayed):
            self.verifier.verify_image(cw.qr_png(p.qr_text))
        other_counter = cw.Verifier(self.trust, cw.VerifierPolicy(audience=COUNTER))
        self.assertEqual(other_counter.verify_image(cw.qr_png(p.qr_text)).presentation_id, v.presentation_id)
        with self.assertRaises(cw.VerifyError.Configuration):
            cw.Verifier(self.trust, cw.VerifierPolicy(audience=None))
        tooling = cw.Verifier(self.trust, cw.VerifierPolicy(audience=None, any_audience=True))
        self.assertEqual(tooling.verify(p.qr_text).audience, COUNTER)
        with self.assertRaises(cw.WalletError.UnknownClaim):
            self.present(["shoe_size"])
        with self.assertRaises(cw.WalletError.InvalidPresentationRequest):
            self.present(["religion"])

    def test_portrait_is_verified_as_bytes_and_media_type(self):
        payload = bytes((i * 37) % 256 for i in range(64))
        chunk = b"VP8 " + struct.pack("<I", len(payload)) + payload
        webp = b"RIFF" + struct.pack("<I", len(chunk) + 4) + b"WEBP" + chunk
        record = cw.demo_citizen_record()
        record.portrait = cw.PortraitImage(media_type="image/webp", bytes=webp)
        wallet = cw.Wallet.create(os.path.join(self.dir.name, "photo.db"), PIN, None, FAST)
        cid = wallet.import_credential(
            self.issuer.issue(record, cw.DocType.IDENTITY, wallet.holder_public_key()), self.trust)
        v = self.verifier.verify(wallet.present(cid, ["full_name", "portrait"], COUNTER).qr_text)
        face = {c.name: c for c in v.claims}["portrait"].portrait
        self.assertEqual(face.media_type, "image/webp")
        self.assertEqual(bytes(face.bytes), webp)
        self.assertNotIn("RIFF", repr({c.name: c.value for c in v.claims}))
        record.portrait = cw.PortraitImage(media_type="image/png", bytes=webp)
        with self.assertRaises(cw.IssuerError.InvalidClaim):
            self.issuer.issue(record, cw.DocType.IDENTITY, wallet.holder_public_key())

    def test_tampered_expired_and_misaddressed_qr(self):
        p = self.present(["full_name"])
        chars = list(p.qr_text)
        chars[-10] = "1" if chars[-10] == "0" else "0"
        with self.assertRaises(cw.VerifyError.BadHolderSignature):
            self.verifier.verify("".join(chars))
        with self.assertRaises(cw.VerifyError.NotAPresentation):
            self.verifier.verify("HELLO")
        short = self.present(["age_over_18"], ttl_secs=1)
        with self.assertRaises(cw.VerifyError.Expired) as ctx:
            self.verifier.verify_at(short.qr_text, short.expires_at + 3600)
        self.assertEqual(ctx.exception.seconds_ago, 3600)
        with self.assertRaises(cw.VerifyError.WrongAudience):
            cw.Verifier(self.trust, cw.VerifierPolicy(audience="hotel")).verify(p.qr_text)

    def test_revocation_replay_and_card(self):
        p = self.present(["full_name"])
        revoking = cw.Verifier(self.trust, cw.VerifierPolicy(audience=COUNTER))
        revoking.add_status_list(self.issuer.status_list_token(64, revoked=[5]))
        with self.assertRaises(cw.VerifyError.Revoked):
            revoking.verify(p.qr_text)
        residence_qr = self.wallet.present(self.residence, ["place_of_residence"], COUNTER).qr_text
        self.assertTrue(revoking.verify(residence_qr).status.is_VALID())
        guarded = cw.Verifier(self.trust, cw.VerifierPolicy(audience=COUNTER))
        guarded.enable_replay_protection()
        guarded.verify(p.qr_text)
        with self.assertRaises(cw.VerifyError.Replayed):
            guarded.verify(p.qr_text)
        card = self.verifier.scan("079190001234||Nguyễn Thị Minh Khai|15051990|Nữ|12 Lê Lợi, Quận 1|10042021")
        self.assertTrue(card.is_UNSIGNED_CARD())
        self.assertTrue(card.card.notice.startswith("UNSIGNED"))
        self.assertEqual(card.card.date_of_birth, "1990-05-15")

    def test_request_flow(self):
        bank = cw.RequestSigner.generate("https://bank.example.vn", "Ngân hàng Ví dụ", "bank-1")
        registry = bank.registration_json(["full_name", "age_over_18"])
        request = bank.create_request("Mở tài khoản", ["full_name", "age_over_18", "date_of_birth"],
                                      audience="https://bank.example.vn/hn-07")
        self.assertTrue(request.qr_text.startswith("CWR1:"))
        shown = cw.read_request(request.qr_text, registry)
        self.assertTrue(shown.verified)
        self.assertEqual(shown.display_name, "Ngân hàng Ví dụ")
        self.assertEqual(shown.over_asking, ["date_of_birth"])
        answer = self.wallet.present_for_request(self.identity, request.qr_text, registry, ["age_over_18"])
        verified = self.verifier.verify_answer(answer.qr_text, request)
        self.assertEqual([c.name for c in verified.claims], ["age_over_18"])
        with self.assertRaises(cw.VerifyError.WrongAudience):
            self.verifier.verify_answer(answer.qr_text, bank.create_request("Mở tài khoản", ["full_name"]))
        with self.assertRaises(cw.WalletError.RequestRejected) as ctx:
            self.wallet.present_for_request(self.identity, request.qr_text, registry, ["religion"])
        self.assertEqual(ctx.exception.code, "not_requested")
        with self.assertRaises(cw.RequestError.PosesAsRegisteredVerifier):
            impostor = cw.RequestSigner.generate("https://bank.example.vn", "Bank", "bank-2")
            cw.read_request(impostor.create_request("x", ["full_name"]).qr_text, registry)
        unknown = cw.RequestSigner.generate("https://shop.example.vn", "Shop", "shop-2").create_request("x", ["full_name"])
        self.assertFalse(cw.read_request(unknown.qr_text, registry).verified)
        with self.assertRaises(cw.WalletError.RequestRejected) as ctx:
            self.wallet.present_for_request(self.identity, unknown.qr_text, registry, ["full_name"])
        self.assertEqual(ctx.exception.code, "unverified_request")
        allowed = self.wallet.present_for_request(self.identity, unknown.qr_text, registry, ["full_name"],
                                                  allow_unverified=True)
        self.assertTrue(allowed.qr_text.startswith("CW1:"))
        with self.assertRaises(cw.RequestError.Expired):
            cw.read_request_at(request.qr_text, registry, request.expires_at + 3600)
        with self.assertRaises(cw.RequestError.InvalidRegistry):
            cw.read_request(request.qr_text, "{")
        with self.assertRaises(cw.RequestError.UnknownClaim):
            bank.create_request("x", ["shoe_size"])

    def test_signed_trust_bundle_rollback_expiry_and_rotation(self):
        now = int(time.time())
        root = cw.TrustAnchorSigner.generate("root-1")
        pinned = [root.anchor()]
        bank = cw.RequestSigner.generate("https://bank.example.vn", "Ngân hàng Ví dụ", "bank-1")
        registry = bank.registration_json(["full_name"])
        bundle1 = root.sign_bundle(1, self.trust, verifiers_json=registry)
        bundle2 = root.sign_bundle(2, self.trust)

        path = os.path.join(self.dir.name, "trust.db")
        wallet = cw.Wallet.create(path, PIN, None, FAST)
        with self.assertRaises(cw.WalletError.TrustRefused) as ctx:
            wallet.trust_info(pinned)
        self.assertEqual(ctx.exception.code, "no_trust_bundle")
        self.assertEqual(wallet.update_trust(bundle1, pinned), 1)
        cid = wallet.import_trusted_credential(
            self.issuer.issue(self.record, cw.DocType.IDENTITY, wallet.holder_public_key()), pinned)
        qr = wallet.present(cid, ["age_over_18"], COUNTER).qr_text
        counter = cw.Verifier.from_trust_bundle(bundle1, pinned, cw.VerifierPolicy(audience=COUNTER))
        self.assertIsNone(counter.verify(qr).trust_warning)

        with self.assertRaises(cw.TrustError.BadSignature):
            cw.verify_trust_bundle(cw.TrustAnchorSigner.generate("root-1").sign_bundle(3, self.trust), pinned)
        with self.assertRaises(cw.TrustError.UnknownAnchor):
            cw.verify_trust_bundle(cw.TrustAnchorSigner.generate("root-x").sign_bundle(3, self.trust), pinned)
        stale = root.sign_bundle(4, self.trust, lifetime_secs=60, issued_at=now - 3600)
        with self.assertRaises(cw.TrustError.Expired):
            cw.Verifier.from_trust_bundle(stale, pinned, cw.VerifierPolicy(audience=COUNTER))
        lenient = cw.Verifier.from_trust_bundle(stale, pinned, cw.VerifierPolicy(audience=COUNTER), allow_expired=True)
        self.assertIn("expired", lenient.verify(qr).trust_warning)

        # Issuer key retired before the credential's iat: its own reason. Two days back, because iat
        # is the issue day's midnight UTC (an hour back would not be before it after 01:00 UTC).
        retired = self.trust.replace('"iss":', f'"valid_until": {now - 2 * 86_400},\n      "iss":')
        strict = cw.Verifier.from_trust_bundle(root.sign_bundle(5, retired), pinned, cw.VerifierPolicy(audience=COUNTER))
        with self.assertRaises(cw.VerifyError.OutsideSigningPeriod):
            strict.verify(qr)

        # Anchor rotation: bundle 3 (old anchor) names the new one; bundle 4 is signed by it.
        new_root = cw.TrustAnchorSigner.generate("root-2")
        request = bank.create_request("Mở tài khoản", ["full_name"])
        self.assertTrue(wallet.read_trusted_request(request.qr_text, pinned).verified)
        self.assertEqual(wallet.update_trust(bundle2, pinned), 2)
        self.assertFalse(wallet.read_trusted_request(request.qr_text, pinned).verified)
        link = root.sign_bundle(3, self.trust, next_anchors=[root.anchor(), new_root.anchor()])
        self.assertEqual(wallet.update_trust(link, pinned), 3)
        self.assertEqual(wallet.update_trust(new_root.sign_bundle(4, self.trust), pinned), 4)

        with self.assertRaises(cw.WalletError.TrustRefused) as ctx:
            wallet.update_trust(bundle1, pinned)
        self.assertEqual(ctx.exception.code, "trust_bundle_rollback")
        reopened = cw.Wallet.open(path)
        info = reopened.trust_info(pinned)
        self.assertEqual((info.seq, info.anchor_kid), (4, "root-2"))
        with self.assertRaises(cw.WalletError.TrustRefused) as ctx:
            reopened.update_trust(link, pinned)
        self.assertEqual(ctx.exception.code, "trust_bundle_rollback")
        wallet.erase()

    def test_counter_trust_store_refuses_a_rollback_after_a_restart(self):
        now = int(time.time())
        root = cw.TrustAnchorSigner.generate("root-1")
        pinned = [root.anchor()]
        other = cw.Issuer("other-1", "https://other.example", [18]).trust_list_json()
        old = root.sign_bundle(1, self.trust)
        newer = root.sign_bundle(2, other)  # the issuer's key removed
        folder = os.path.join(self.dir.name, "counter-trust")

        store = cw.CounterTrustStore.open(folder, pinned)
        with self.assertRaises(cw.TrustError.NoBundle):
            store.info()
        with self.assertRaises(cw.TrustError.UnknownAnchor):
            store.update(cw.TrustAnchorSigner.generate("root-x").sign_bundle(9, self.trust))
        self.assertEqual(store.update(newer), 2)
        del store

        restarted = cw.CounterTrustStore.open(folder, pinned)
        with self.assertRaises(cw.TrustError.Rollback) as ctx:
            restarted.update(old)
        self.assertEqual((ctx.exception.seq, ctx.exception.held), (1, 2))
        self.assertEqual(restarted.info().seq, 2)
        wallet = cw.Wallet.create(os.path.join(self.dir.name, "ts.db"), PIN, None, FAST)
        cid = wallet.import_credential(
            self.issuer.issue(self.record, cw.DocType.IDENTITY, wallet.holder_public_key()), self.trust)
        qr = wallet.present(cid, ["age_over_18"], COUNTER).qr_text
        counter = cw.Verifier.from_trust_store(restarted, cw.VerifierPolicy(audience=COUNTER))
        with self.assertRaises(cw.VerifyError.UnknownIssuer):
            counter.verify(qr)

        # An expired bundle: refused by default, used with a warning when allowed.
        stale = root.sign_bundle(3, self.trust, lifetime_secs=60, issued_at=now - 3600)
        with self.assertRaises(cw.TrustError.Expired):
            cw.CounterTrustStore.open(os.path.join(self.dir.name, "strict"), pinned).update(stale)
        lenient = cw.CounterTrustStore.open(os.path.join(self.dir.name, "lenient"), pinned, allow_expired=True)
        self.assertEqual(lenient.update(stale), 3)
        self.assertIn("expired", lenient.info().warning)
        verdict = cw.Verifier.from_trust_store(lenient, cw.VerifierPolicy(audience=COUNTER)).verify(qr)
        self.assertIn("expired", verdict.trust_warning)
        # The wallet imports against an expired bundle only when allowed.
        wallet.update_trust(stale, pinned, allow_expired=True)
        credential = self.issuer.issue(self.record, cw.DocType.RESIDENCE, wallet.holder_public_key())
        with self.assertRaises(cw.WalletError.TrustRefused) as ctx:
            wallet.import_trusted_credential(credential, pinned)
        self.assertEqual(ctx.exception.code, "trust_bundle_expired")
        self.assertGreater(wallet.import_trusted_credential(credential, pinned, allow_expired=True), 0)
        wallet.erase()

    def test_wrong_pin_change_pin_and_key_wrapper_failures(self):
        path = os.path.join(self.dir.name, "pin.db")
        wrapper = XorMacKeyWrapper()
        wallet = cw.Wallet.create(path, PIN, wrapper, FAST)
        wallet.lock()
        with self.assertRaises(cw.WalletError.Locked):
            wallet.list_credentials()
        with self.assertRaises(cw.WalletError.WrongPin):
            wallet.unlock("000000")
        self.assertEqual(wallet.unlock_status().failed_attempts, 1)
        wallet.unlock(PIN)
        self.assertTrue(wallet.is_unlocked())
        wallet.change_pin(PIN, "13579246")
        reopened = cw.Wallet.open(path, wrapper)
        with self.assertRaises(cw.WalletError.WrongPin):
            reopened.unlock(PIN)
        reopened.unlock("13579246")
        with self.assertRaises(cw.WalletError.KeyWrapperFailed) as ctx:
            cw.Wallet.open(path, NeedsAuthentication()).unlock("13579246")
        self.assertEqual(ctx.exception.code, "authentication_required")
        with self.assertRaises(cw.WalletError.KeyWrapperFailed) as ctx:
            cw.Wallet.open(path, Buggy()).unlock("13579246")
        self.assertEqual(ctx.exception.code, "platform")
        reopened.erase()
        self.assertFalse(os.path.exists(path))
        with self.assertRaises(cw.WalletError.NoWallet):
            reopened.list_credentials()

    def test_many_threads_share_one_wallet_and_verifier(self):
        # The same claims presented in the same second are the same QR, which a counter's replay
        # memory rightly refuses: this throughput check runs on a counter without it.
        busy_counter = cw.Verifier(self.trust, cw.VerifierPolicy(audience=COUNTER, replay_protection=False))

        def work(t):
            ok = 0
            for i in range(10):
                claims = ["full_name"] if (t + i) % 2 == 0 else ["age_over_18", "nationality"]
                qr = self.present(claims).qr_text
                ok += len(busy_counter.verify(qr).claims) == len(claims)
                ok += len(self.wallet.list_credentials()) == 2
                self.wallet.presentation_log()
            return ok

        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(work, range(8)))
        self.assertEqual(sum(results), 8 * 10 * 2)
        self.assertNotIn(self.record.full_name, repr(self.wallet.presentation_log()))

    def test_zz_logs_carry_no_secrets(self):
        self.assertTrue(any("presentation verified" in line for line in self.logger.lines))
        for line in self.logger.lines:
            self.assertNotIn(PIN, line)
            self.assertNotIn(self.record.full_name, line)
            self.assertNotIn(self.record.id_number, line)


def benchmark():
    """Medians of present and verify through the bindings, for the overhead report."""
    s = BindingsScenario
    s.setUpClass()
    cw.set_logger(None)  # measure the calls themselves, as the Rust baseline does
    claims = ["full_name", "id_number", "age_over_18"]

    def median(n, f):
        for _ in range(20):
            f()
        samples = []
        for _ in range(n):
            t = time.perf_counter()
            f()
            samples.append((time.perf_counter() - t) * 1e6)
        return sorted(samples)[n // 2]

    qr = s.wallet.present(s.identity, claims, COUNTER).qr_text
    present_us = median(200, lambda: s.wallet.present(s.identity, claims, COUNTER))
    verify_us = median(500, lambda: s.verifier.verify_at(qr, int(time.time())))
    print(f"BENCH python present_us={present_us:.1f} verify_us={verify_us:.1f}")
    s.tearDownClass()


if __name__ == "__main__":
    if os.environ.get("CW_BENCH"):
        benchmark()
    else:
        unittest.main(verbosity=2)
