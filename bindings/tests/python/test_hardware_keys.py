"""The HolderSigner foreign trait from Python, against the real host library: P-256 keys from the
`cryptography` package (ECDSA with SHA-256, DER output as the platforms give) stand in for a
platform keystore. Same flow as the Kotlin test: create a hardware holder key, issue, import,
present, verify ES256; key invalidated, user cancelled, busy, a buggy signer; reopen.

Run by bindings/test-hardware-keys.sh with PYTHONPATH pointing at the generated module.
"""

import os
import tempfile
import threading
import unittest

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

import citizen_wallet as cw

PIN = "246810"
COUNTER = "bank-counter-7"
FAST = cw.WalletSettings(kdf_memory_kib=64, kdf_iterations=1, unlock_delays=False, max_failed_unlocks=None,
                           insecure_kdf_for_tests=True)


class CryptographyKeystore(cw.HolderSigner):
    """P-256 keys by alias; the private keys never leave this object."""

    def __init__(self):
        self._keys = {}
        self._lock = threading.Lock()
        self.next = "sign"
        self.signatures = 0

    def generate_key(self, alias):
        key = ec.generate_private_key(ec.SECP256R1())
        with self._lock:
            self._keys[alias] = key
        return key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)

    def sign(self, alias, message):
        if self.next == "invalidated":
            raise cw.HolderSignerError.KeyInvalidated()
        if self.next == "cancelled":
            raise cw.HolderSignerError.UserCancelled()
        if self.next == "busy":
            raise cw.HolderSignerError.Busy()
        if self.next == "crash":
            raise RuntimeError("keystore exploded")
        with self._lock:
            key = self._keys.get(alias)
            self.signatures += 1
        if key is None:
            raise cw.HolderSignerError.KeyNotFound()
        return key.sign(message, ec.ECDSA(hashes.SHA256()))  # DER


class HardwareKeyTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.dir.name, "wallet.db")
        self.issuer = cw.Issuer.demo()
        self.trust = self.issuer.trust_list_json()
        self.record = cw.demo_citizen_record()
        self.keystore = CryptographyKeystore()
        self.wallet = cw.Wallet.create(self.path, PIN, None, FAST)
        self.wallet.set_holder_signer(self.keystore)
        self.public_key = self.wallet.create_hardware_holder_key()
        credential = self.issuer.issue(self.record, cw.DocType.IDENTITY, self.public_key)
        self.id = self.wallet.import_credential(credential, self.trust)
        self.verifier = cw.Verifier(self.trust, cw.VerifierPolicy(audience=COUNTER))

    def tearDown(self):
        self.dir.cleanup()

    def test_create_import_present_and_verify_es256(self):
        self.assertEqual(len(self.public_key), 65)
        self.assertEqual(self.wallet.holder_public_key(), self.public_key)
        p = self.wallet.present(self.id, ["full_name", "id_number", "age_over_18"], COUNTER)
        self.assertEqual(self.keystore.signatures, 1)
        v = self.verifier.verify(p.qr_text)
        self.assertEqual(v.holder_algorithm, "ES256")
        self.assertEqual(v.holder_thumbprint, self.wallet.holder_key_thumbprint())
        self.assertEqual({c.name for c in v.claims}, {"full_name", "id_number", "age_over_18"})

    def test_platform_failures_are_typed(self):
        cases = [
            ("invalidated", cw.WalletError.KeyInvalidated),
            ("cancelled", cw.WalletError.UserCancelled),
            ("busy", cw.WalletError.SignerBusy),
            ("crash", cw.WalletError.HolderSignerFailed),
        ]
        for next_, error in cases:
            with self.subTest(next_):
                self.keystore.next = next_
                with self.assertRaises(error):
                    self.wallet.present(self.id, ["age_over_18"], COUNTER)
        self.assertEqual(self.wallet.presentation_log(), [])
        self.keystore.next = "sign"
        self.verifier.verify(self.wallet.present(self.id, ["age_over_18"], COUNTER).qr_text)

    def test_reopened_wallet_needs_its_signer(self):
        self.wallet.lock()
        reopened = cw.Wallet.open(self.path, None)
        # No key is handed out before its sealed row authenticated at an unlock; then it is
        # readable while locked (the unlock does not ask the signer).
        with self.assertRaises(cw.WalletError.Locked):
            reopened.holder_public_key()
        reopened.unlock(PIN)
        reopened.lock()
        self.assertEqual(reopened.holder_public_key(), self.public_key)
        reopened.unlock(PIN)
        with self.assertRaises(cw.WalletError.HolderSignerRequired):
            reopened.present(self.id, ["age_over_18"], COUNTER)
        reopened.set_holder_signer(self.keystore)
        self.verifier.verify(reopened.present(self.id, ["id_number"], COUNTER).qr_text)


if __name__ == "__main__":
    unittest.main(verbosity=1)
