"""Issuance through the generated Python bindings against the real local issuer service (started by
bindings/test.sh), with urllib as the app's HttpClient: batch, present + verify, typed refusals,
refresh. Environment: CW_TRUST, CW_OFFER, CW_OFFER_TX, CW_TX_CODE.
"""

import os
import tempfile
import unittest
import urllib.error
import urllib.request

import citizen_wallet as cw

FAST = cw.WalletSettings(kdf_memory_kib=64, kdf_iterations=1, unlock_delays=True, max_failed_unlocks=None,
                         insecure_kdf_for_tests=True)


class Urllib(cw.HttpClient):
    """The wallet's transport: the standard library's urllib."""

    def __init__(self):
        self.calls = 0

    def send(self, request):
        self.calls += 1
        headers = {h.name: h.value for h in request.headers}
        data = bytes(request.body) if request.method == "POST" else None
        req = urllib.request.Request(request.url, data=data, headers=headers, method=request.method)
        try:
            with urllib.request.urlopen(req, timeout=30) as response:
                return cw.HttpResponse(status=response.status, body=response.read())
        except urllib.error.HTTPError as e:
            return cw.HttpResponse(status=e.code, body=e.read())
        except OSError as e:
            raise cw.HttpError.Failed(str(e))


class Offline(cw.HttpClient):
    def send(self, request):
        raise cw.HttpError.Failed("no network")


class IssuanceTest(unittest.TestCase):
    def test_receive_present_refuse_refresh(self):
        with open(os.environ["CW_TRUST"]) as f:
            trust = f.read()
        offer = os.environ["CW_OFFER"]
        wallet = cw.Wallet.create(os.path.join(tempfile.mkdtemp(), "w.db"), "246810", None, FAST)
        http = Urllib()

        received = wallet.receive_offer(offer, http, trust, 2)
        self.assertEqual(len(received.credential_ids), 2)
        self.assertIsNotNone(received.grant_id)
        self.assertGreaterEqual(http.calls, 4)

        for counter in ["bank-7", "hotel-3"]:
            cid = wallet.unused_credentials(cw.DocType.IDENTITY)[0]
            p = wallet.present(cid, ["age_over_18"], counter)
            v = cw.Verifier(trust, cw.VerifierPolicy(audience=counter)).verify(p.qr_text)
            self.assertTrue(any(c.name == "age_over_18" for c in v.claims))
        self.assertEqual(wallet.unused_credentials(cw.DocType.IDENTITY), [])
        self.assertEqual({e.credential_id for e in wallet.presentation_log()}, set(received.credential_ids))

        with self.assertRaises(cw.IssuanceError.CodeRejected) as used:
            wallet.receive_offer(offer, http, trust)
        self.assertEqual(used.exception.code, "code_used")
        with self.assertRaises(cw.IssuanceError.Transport):
            wallet.receive_offer(offer, Offline(), trust)

        refreshed = wallet.refresh_grant(received.grant_id, http, trust, 1)
        self.assertEqual(len(refreshed.credential_ids), 1)
        self.assertEqual(wallet.grant_ids(), [received.grant_id])

        with_code = os.environ["CW_OFFER_TX"]
        with self.assertRaises(cw.IssuanceError.CodeRejected) as wrong:
            wallet.receive_offer(with_code, http, trust, 1, "000000")
        self.assertEqual(wrong.exception.code, "wrong_tx_code")
        ok = wallet.receive_offer(with_code, http, trust, 1, os.environ["CW_TX_CODE"])
        self.assertEqual(len(ok.credential_ids), 1)


if __name__ == "__main__":
    unittest.main()
