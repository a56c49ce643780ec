// A Java (not Kotlin) back office using the packaged jar: verifies a presentation QR made by
// `cwallet demo`, and handles the typed exceptions of a rejected one. Run with
// `java -cp citizen-wallet.jar:jna.jar:kotlin-stdlib.jar:<this class>` only: the jar carries the
// compiled Kotlin bindings and the native library at JNA's resource path (linux-x86-64/).
//
// Usage: VerifyQr TRUST_JSON_FILE QR_TEXT_FILE AUDIENCE

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.citizenwallet.Claim;
import org.citizenwallet.VerifiedPresentation;
import org.citizenwallet.Verifier;
import org.citizenwallet.VerifierPolicy;
import org.citizenwallet.VerifyException;

public final class VerifyQr {
    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("FAILED: " + what);
        }
        System.out.println("ok   " + what);
    }

    private static VerifierPolicy policy(String audience) {
        // Java sees the Kotlin record's full constructor: audience, nonce, max TTL, clock skew,
        // warn if the status list is missing, warn if it expired.
        // audience, nonce, max TTL, skew, warn if status list missing / expired, any audience, replay memory
        return new VerifierPolicy(audience, null, 900L, 60L, false, false, false, true);
    }

    public static void main(String[] args) throws Exception {
        String trust = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
        String qr = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8).trim();
        String audience = args[2];

        // The library comes out of the jar (JNA extracts linux-x86-64/libcitizen_wallet_ffi.so).
        String where = Verifier.class.getProtectionDomain().getCodeSource().getLocation().toString();
        check(where.endsWith(".jar"), "bindings loaded from a jar: " + where);
        check(System.getProperty("jna.library.path") == null, "no jna.library.path set");

        Verifier verifier = new Verifier(trust, policy(audience));
        VerifiedPresentation verified = verifier.verify(qr);
        check(verified.getAudience().equals(audience), "the cwallet QR verifies for " + audience);
        check(!verified.getClaims().isEmpty(), verified.getClaims().size() + " disclosed claims");
        for (Claim claim : verified.getClaims()) {
            check(!claim.getName().isEmpty() && !claim.getValue().isEmpty(), "claim " + claim.getName());
        }

        // The same QR at another counter: a typed exception with the expected and found audiences.
        Verifier elsewhere = new Verifier(trust, policy("another-counter"));
        try {
            elsewhere.verify(qr);
            throw new AssertionError("FAILED: a QR for another audience was accepted");
        } catch (VerifyException.WrongAudience e) {
            check(e.getExpected().equals("another-counter") && e.getFound().equals(audience),
                "wrong audience is VerifyException.WrongAudience (" + e.getMessage() + ")");
        }

        // One character changed in the signed part: rejected, never accepted, still typed.
        int at = qr.length() / 2;
        char swapped = qr.charAt(at) == '0' ? '1' : '0';
        String tampered = qr.substring(0, at) + swapped + qr.substring(at + 1);
        try {
            verifier.verify(tampered);
            throw new AssertionError("FAILED: a tampered QR was accepted");
        } catch (VerifyException e) {
            check(true, "a tampered QR is a " + e.getClass().getSimpleName());
        }

        // Not a presentation at all.
        try {
            verifier.verify("HELLO");
            throw new AssertionError("FAILED: HELLO was accepted");
        } catch (VerifyException.NotAPresentation e) {
            check(true, "HELLO is VerifyException.NotAPresentation");
        }
        System.out.println("java jar test passed");
    }
}
