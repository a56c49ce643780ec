-- Schema 6: holder keys kept in the phone's secure hardware (Android Keystore / StrongBox, iOS
-- Secure Enclave), used through the app's HolderSigner. The wallet never holds their secret: such
-- a key has its row in holder_keys (public_key = the RFC 9679 thumbprint of its COSE_Key; sealed =
-- its alias and public key, so neither can be swapped in the file) and this row beside it, the same
-- alias and SEC1 public key in clear for use while locked. FORMAT.md "Storage" describes both.
CREATE TABLE platform_holder_keys (
    holder_key_id INTEGER PRIMARY KEY REFERENCES holder_keys (id),
    alias         TEXT    NOT NULL UNIQUE CHECK (length(alias) BETWEEN 1 AND 128),
    public_key    BLOB    NOT NULL CHECK (length(public_key) = 65)
) STRICT;
