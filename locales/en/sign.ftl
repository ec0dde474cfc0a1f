# Messages of the sign area. English.
## Keys and certificates (src/sign/keys.rs).
sign-key-not-pkcs8 = { $file }: the private key is not a PKCS#8 key ({ $reason }): export it again
sign-rsa-key-unreadable = { $file }: the RSA private key cannot be read: { $reason }
sign-ec-key-not-p256 = { $file }: the elliptic-curve key is not a P-256 key ({ $reason }): only RSA and P-256 keys can sign
sign-key-type-unsupported = { $file }: the private key is of type { $oid }, which vanban cannot sign with: use an RSA or a P-256 (ECDSA) key
sign-key-no-certificate-add = { $file }: no certificate for the private key: add the signer's certificate to the file
sign-key-certificate-mismatch = { $file }: the private key is not the key of the certificate of { $who }: export the key with its own certificate
sign-no-certificate = no certificate
sign-rsa-cannot-sign = the RSA key cannot sign: { $reason }
sign-p256-cannot-sign = the P-256 key cannot sign: { $reason }
sign-wrong-password = wrong password for { $file }: give the password the file was exported with
sign-not-pkcs12 = { $file } is not a PKCS#12 (.p12, .pfx) file ({ $reason }): give the key file exported with its certificate
sign-wrong-password-decrypt = wrong password for { $file } (it cannot be decrypted): give the password the file was exported with
sign-pkcs12-unreadable = { $file }: the PKCS#12 file cannot be read ({ $reason }): export it again with AES or 3DES encryption
sign-key-no-certificate-export = { $file }: no certificate for the private key: export the key with its certificate
sign-p12-no-key = { $file } holds no private key (only certificates?): export the key with its certificate
sign-certificate-unreadable = { $file }: a certificate cannot be read: { $reason }
sign-certificate-not-pem-der = { $file } is neither a PEM nor a DER certificate ({ $reason }): give the certificate chain as PEM
sign-certificate-no-end = { $file }: certificate { $number } has no END line: the file is cut short
sign-certificate-n-unreadable = { $file }: certificate { $number } cannot be read: { $reason }
sign-certificate-none = { $file } holds no certificate (no BEGIN CERTIFICATE block): give the certificate chain as PEM
sign-certificate-date-range = a certificate date is out of range
sign-certificate-usage = { $file }: the certificate of { $who } may not sign documents (its key usage has neither digitalSignature nor nonRepudiation): use a signing certificate
sign-certificate-usage-damaged = { $file }: the certificate of { $who } has a damaged key usage extension ({ $reason })
sign-certificate-not-yet-valid = { $file }: the certificate of { $who } is not valid before { $date }: check the clock, or wait until then
sign-certificate-expired = { $file }: the certificate of { $who } expired on { $date }: renew it, or sign anyway with --allow-expired
sign-certificate-encode = cannot encode the certificate: { $reason }
## Appearances, CMS (src/sign/appearance.rs, src/sign/cms.rs, src/sign/mod.rs).
sign-image-not-png = { $image ->
    [seal] the seal image
   *[other] the signature image
  } is not a usable PNG: { $reason }
sign-image-undecodable = { $image ->
    [seal] the seal image
   *[other] the signature image
  } cannot be decoded: save it again as PNG (transparent background)
sign-image-too-large = { $image ->
    [seal] the seal image
   *[other] the signature image
  } is too large to decode: scale it down
sign-image-palette = { $image ->
    [seal] the seal image
   *[other] the signature image
  } uses a palette that cannot be expanded: save it again as RGB PNG
sign-appearance-compress = cannot compress an appearance stream: { $reason }
sign-text-character = the signature's text `{ $line }` has the character { $code }, which the built-in font cannot draw: leave it out
sign-font-unreadable = the built-in font cannot be read: { $reason }
sign-cms-not-pem = the signature is not a PEM CMS file: { $reason }
sign-raw-no-certificate = no certificate: give the signer's chain (--cert CHAIN.pem)
sign-raw-mismatch = the signature does not match: it was not made by the key of `{ $who }` over the signed attributes of this prepared PDF (field { $field })
sign-curve-unsupported = the certificate's key is on the elliptic curve { $curve }: only P-256 (and RSA) can sign; use a certificate with an RSA or a P-256 key
sign-certificate-key-type = the certificate's key is of type { $oid }: only RSA and P-256 (ECDSA) keys can sign; use a certificate with an RSA or a P-256 key
sign-cannot-encode = cannot encode { $what }: { $reason }
sign-attributes-not-der = the signed attributes are not a DER SET of attributes ({ $reason }): sign the bytes that `prepare` gave, unchanged
sign-attributes-order = the signed attributes are not in DER form (a SET OF out of order): sign the bytes that `prepare` gave, unchanged
sign-no-certificate-to-sign = no certificate to sign with: give the signer's certificate (and its chain)
sign-timestamp-token-not-der = the time-stamp token is not DER ({ $reason }): the time-stamp server's answer is damaged
sign-chain-unstorable = the certificate chain cannot be stored ({ $reason }): is a certificate given twice?
sign-signature-certificate-mismatch = the signature does not match the signer's certificate: the key and the certificate are not a pair; give the certificate of the key that signs
sign-key-without-certificate = the key has no certificate: give the signer's certificate (and its chain)
sign-reserve-range = the signature reservation of { $reserve } bytes is out of range: give 1 to { $max_reserve } bytes (--reserve; a PDF/A string holds at most { $max_reserve })
sign-write-failed = cannot write the signed PDF: { $reason }
sign-pdf-too-large = the PDF is too large to sign (over 9 GB)
sign-reservation-mismatch = the PDF's signature reservation does not match its /ByteRange (the file was changed after `vanban sign --prepare`): prepare it again
sign-cms-empty = the signature (CMS) is empty
sign-cms-too-large = the signature (CMS) is { $size } bytes, larger than the { $room } bytes reserved for it: prepare the PDF again with a larger --reserve (at most { $max_reserve })
sign-attachment-lines = an attachment's signature shows at most { $max_lines } lines besides the name and the time, not { $count }: keep the e-mail or the number and symbol
sign-text-too-long = { $what ->
    [reason] the reason
    [location] the location
    [field] the field name
    [agency] the agency's name
   *[other] a line of the signature
  } is { $count } characters long, more than the { $max_text } a signature's text may have: shorten it
sign-encrypted = the PDF is encrypted (password-protected), and an encrypted PDF cannot be signed here: sign the PDF that `vanban render` wrote, before any protection
sign-unreadable = the file is not a readable PDF (damaged or cut short): sign the PDF that `vanban render` wrote
sign-damaged = the PDF is damaged (its cross-reference table does not match its content): sign the PDF that `vanban render` wrote, as it wrote it
sign-not-vanban = the PDF was not made by vanban (its Producer and Creator do not name vanban): vanban signs only the PDFs it rendered, whose signature spaces it knows; render the document with `vanban render` first
sign-unfinished = the PDF holds a signature that was prepared but never finished (its /Contents is still zeros): finish it first (`vanban sign --finish`), or sign the PDF from before that step
sign-internal = cannot find { $what } in the signed PDF just written (a bug in vanban): please report it
sign-not-prepared = the PDF has no signature reservation to fill: give the PDF that `vanban sign --prepare` wrote
sign-seal-size = a seal { $mm } mm wide is out of range: give 10 to 80 mm (--seal-mm; the usual round seal is 36 mm)
sign-no-page = the PDF has no page 1 to sign: render it again
sign-no-such-field = the PDF has no signature field `{ $want }`; its fields: { $fields }
sign-field-signed = the signature field `{ $want }` is signed already: give another field (--field); the PDF's fields: { $fields }
sign-no-free-field = the PDF has no unsigned signature field left (its fields: { $fields }): render it with a signer, or sign as the agency (--agency)
sign-field-no-size = the signature field `{ $field }` has no usable size on its page (its /Rect is { $rect }): render the document again
sign-field-no-page = the signature field (object { $object }) is on no page of the PDF's { $pages } (its page is out of range): render the document again
sign-structure-update = the PDF's form or page structure cannot be updated ({ $reason }): render the document again
sign-no-seal-target = the PDF has no signer's field { $name }for the seal to go over (its fields: { $fields }): render it with a signer first
sign-timestamp-invalid = the time-stamp token is not valid: { $what }
sign-nonce = cannot make the nonce: { $reason }
sign-timestamp-request = cannot make the time-stamp request: { $reason }
sign-tsa-not-rfc3161 = the time-stamp server { $url } did not answer with an RFC 3161 time-stamp response ({ $reason }): is it a time-stamp server?
sign-tsa-no-token = the time-stamp server { $url } granted the request but sent no token
sign-tsa-token-bad = the time-stamp token from { $url }: { $reason }
sign-tsa-answer-bad = from the time-stamp server { $url }: { $reason }
sign-tsa-imprint = the time-stamp server { $url } stamped other data than was sent (its token's imprint differs): do not use this server
sign-tsa-nonce = the time-stamp server { $url } answered with another request's token (its nonce differs): try again, or use another server
sign-tsa-https = the time-stamp server { $url } is https: only http:// time-stamp servers are supported yet; give its http:// address (the token is signed, it needs no TLS)
sign-tsa-not-http = the time-stamp server { $url } is not an http:// URL: give it as http://host[:port]/path
sign-tsa-unreachable = cannot reach the time-stamp server { $url }: { $reason }; check the URL and the network, or sign without --tsa (no time-stamp)
sign-tsa-http-status = the time-stamp server { $url } answered HTTP { $status }: check the URL, or sign without --tsa
sign-tsa-answer-unreadable = cannot read the answer of the time-stamp server { $url }: { $reason }
sign-tsa-refused = the time-stamp server { $url } refused the request ({ $status }){ $details }; try another server, or sign without --tsa
verify-digest-mismatch = the signature's messageDigest is not the SHA-256 of the signed bytes: the CMS was made for another document or the document changed; sign it again
verify-signature-fails = the signature of { $who } does not verify with the certificate's key: { $reason }
verify-public-key-unreadable = the certificate's public key cannot be read: { $reason }
verify-public-key-of-unreadable = the public key of { $who } cannot be read: { $reason }
verify-curve = the certificate's key is on the elliptic curve { $curve }, not P-256; only P-256 (secp256r1) signatures are checked
verify-key-type = the certificate's key is of type { $oid }; only RSA and ECDSA P-256 signatures are checked
verify-cms-unreadable = the signature (CMS) cannot be read: { $reason }
verify-cms-not-signed-data = the signature is a CMS { $kind }, not SignedData
verify-no-signer-info = the signature (CMS) has no SignerInfo
verify-no-signer-certificate = the signature (CMS) does not hold the signer's certificate; sign with the certificate included
verify-digest-algorithm = the signature's digest algorithm is { $oid }, not SHA-256 (or SHA-1)
verify-signature-algorithm = the signature algorithm { $oid } is not RSA PKCS#1 v1.5 or ECDSA (SHA-256 or SHA-1) for a key of type { $key }
verify-cms-cut-short = the signature (CMS) is cut short: /Contents holds less than its length
verify-tst-content = its content is { $kind }, not a TSTInfo
verify-tst-missing = it holds no TSTInfo
verify-tst-gentime = its genTime is not a GeneralizedTime in UTC
## Checking signatures (src/sign/verify).
verify-cms-sha1-given-sha256 = the CMS digests with SHA-1, and the digest given is SHA-256
verify-sha1 = the signature uses SHA-1, which is no longer collision-resistant (PAdES baseline requires SHA-256): its check is weaker
verify-no-message-digest = the signed attributes have no messageDigest
verify-timestamp-unreadable = the time-stamp token cannot be read: { $reason }
verify-several-signer-infos = the CMS has several SignerInfos; only the first is checked
verify-several-message-digests = the signed attributes have more than one messageDigest
verify-no-signed-attributes = the SignerInfo has no signed attributes (PAdES requires them)
verify-timestamp-imprint-algorithm = the time-stamp's imprint uses { $oid }, not SHA-256 or SHA-1; it is not checked
verify-timestamp-sha1 = the time-stamp's imprint uses SHA-1, which is no longer collision-resistant
verify-timestamp-not-over = the time-stamp is not over { $over ->
    [signature] this signature's value
   *[other] the signed bytes
  }
verify-timestamp-signature = the time-stamp token's own signature (by { $who }) does not verify
verify-malformed = the PDF cannot be read: its structure is malformed
verify-too-many-signatures = the PDF has { $count } signatures; at most { $max_signatures } are checked (each one hashes the file again)
verify-not-pdf = this is not a PDF (no `%PDF-` header); give the signed PDF file
verify-unreadable = the PDF cannot be read ({ $reason }); it is damaged or not a PDF
verify-encrypted = the PDF is encrypted; its signatures cannot be checked here: remove the encryption (the signatures break if it is done after signing) or check it with the tool that encrypted it
verify-damaged = the PDF is damaged or truncated (its cross-reference data had to be rebuilt); a signed file must be read as written: get the file again
verify-too-many-objects = the PDF has { $count } objects, more than max_source_objects ({ $limit }); raise the limit for a trusted file
verify-no-catalog = the PDF has no catalog (/Root); it is damaged
verify-too-many-fields = the form has more than max_source_objects ({ $limit }) fields
verify-revisions-too-many-objects = comparing the revisions takes more than max_source_objects ({ $limit }) objects; raise the limit for a trusted file
verify-too-many-values = the PDF's objects hold more than max_source_objects ({ $limit }) values; raise the limit for a trusted file
verify-not-revision-end = the signed bytes end at byte { $end }, which is not the end of a revision (%%EOF)
verify-bytes-changed = the signed bytes changed after signing: their SHA-256 is not the signature's messageDigest
verify-field-unreadable = the field's signature (/V) is not a readable signature dictionary: the file is damaged or was changed
verify-no-byte-range = the signature has no /ByteRange
verify-byte-range-not-four = the /ByteRange is not four integers
verify-byte-range-start = the ByteRange does not start at 0
verify-byte-range-negative = the /ByteRange has a negative number
verify-byte-range-order = the /ByteRange's second range does not start after the first
verify-byte-range-overflow = the /ByteRange overflows
verify-byte-range-past-end = the /ByteRange reaches byte { $end }, past the end of the file ({ $size } bytes): the file is truncated
verify-byte-range-gap = the gap of the /ByteRange is not exactly the <hex> of /Contents
verify-byte-range-contents = the gap of the /ByteRange is not this signature's /Contents
## USB tokens (src/sign/pkcs11.rs).
sign-pkcs11-step = PKCS#11 module { $module }: { $what ->
    [initialise] cannot initialise
    [slots] cannot list its slots
    [session] cannot open a session
    [login] cannot log in
    [read-key] cannot read the key
    [list-keys] cannot list the keys
    [read-a-key] cannot read a key
    [list-certificates] cannot list the certificates
    [read-certificate] cannot read the certificate
    [pin-again] the key asks for the PIN again
   *[other] the token cannot sign
  }: { $reason }
sign-pkcs11-load = cannot load the PKCS#11 module { $name } ({ $reason }): give the path of the token's PKCS#11 library (a .so file)
sign-wrong-pin = wrong PIN for the token in slot { $slot } of { $name }: give the token's user PIN (a token locks itself after a few wrong PINs)
sign-token-locked = the token in slot { $slot } of { $name } is locked (too many wrong PINs): unlock it with its administrator (SO) PIN
sign-token-key-type = the key on the token in { $name } is of type { $kind }: only RSA and P-256 keys can sign
sign-token-key-no-type = the key on the token in { $name } does not tell its type
sign-token-no-certificate = no certificate for the token's key
sign-token-key-mismatch = the key on the token in { $name } is not of the kind of the certificate of { $who }: give the key's own certificate
sign-no-token = no token in any slot of the PKCS#11 module { $name }: plug the token in (or initialise it)
sign-no-slot = no slot
sign-no-token-in-slot = no token in slot { $n } of the PKCS#11 module { $name }: the slots with a token are { $slots } (by index 0 to { $last }, or by these ids)
sign-token-no-such-key = no private key labelled or with id { $want } on the token in { $name }: the keys are { $keys }
sign-token-no-key = no private key on the token in { $name }: is it the right token and slot?
sign-token-several-keys = the token in { $name } holds { $count } private keys: choose one by its label or id: { $keys }
sign-token-key-no-certificate = no certificate for the key on the token in { $name }: give the certificate chain in a file
sign-token-certificate-unreadable = the certificate on the token in { $name } cannot be read ({ $reason }): give the certificate chain in a file
sign-token-ecdsa-size = the token in { $name } gave an ECDSA signature of { $size } bytes, not a P-256 r||s ({ $reason })
## The command line's `vanban sign` and `vanban verify` (src/cli/sign.rs).
cli-sign-bad-time = `{ $value }` is not an ISO 8601 time like 2025-01-24T20:01:14+07:00: { $reason }
cli-sign-bad-seal-mm = `{ $value }`: a seal is 10 to 80 mm across (36 is common)
cli-sign-cannot-read = { $what ->
    [seal] seal image
    [image] signature image
    [certificate] certificate
    [key] key file
    [signature] signature
    [password] password
    [pin] PIN
   *[other] file
  } { $file }: cannot read: { $reason }
cli-sign-secret-not-utf8 = { $what ->
    [pin] PIN
   *[password] password
  } { $file }: not UTF-8 text
cli-sign-no-secret = no { $what ->
    [pin] PIN
   *[password] password
  }
    .hint = put it in a file and give `{ $flag } FILE`, or set { $var }; never on the command line
cli-sign-agency-name-unknown = the agency's name is unknown
    .hint = give --name
cli-sign-agency-needs-seal = --agency needs --seal
cli-sign-no-key = no key to sign with
    .hint = give --p12 FILE (with --password-file or VANBAN_P12_PASSWORD), or --pkcs11 MODULE.so (with --pin-file), or sign in steps with --prepare and --finish
cli-sign-finish-needs = --finish needs --cms SIG.p7s, or --signature SIG.bin with --cert CHAIN.pem
cli-sign-key-no-certificate = { $key }: no certificate for the key
cli-verify-summary = { $file }: { $signatures } signature(s), { $revisions } revision(s): { $valid ->
    [yes] valid
   *[other] NOT VALID
  }
cli-verify-field = { $field } — { $valid ->
    [yes] valid
   *[other] NOT VALID
  }
cli-verify-signer = signer:    { $name }
cli-verify-time = time:      { $time }
cli-verify-timestamp = timestamp: { $time }
cli-verify-digest = digest:    { $matches ->
    [yes] matches
   *[other] DOES NOT MATCH the file
  }
cli-verify-signature = signature: { $valid ->
    [yes] valid
   *[other] INVALID
  }
cli-verify-covers = covers:    revision { $revision }{ $whole ->
    [yes] {" "}(the whole file)
   *[other] {""}
  }
cli-verify-after = after it:  { $changes ->
    [other] CHANGES THAT ARE NOT SIGNING OR FORM FILLING
    [nothing] nothing
   *[signing] only signing and form filling
  }
cli-verify-problem = problem:   { $text }
cli-verify-warning = warning:   { $text }
sign-tst-not-signed-data = the time-stamp token is not valid: its content is { $kind }, not SignedData
sign-tst-not-tstinfo = the time-stamp token is not valid: it holds { $kind }, not a TSTInfo
sign-tst-no-tstinfo = the time-stamp token is not valid: it holds no TSTInfo
sign-tst-empty = the time-stamp token is not valid: its TSTInfo is empty
sign-tst-no-field = the time-stamp token is not valid: its TSTInfo has no { $field }
sign-tst-gentime = the time-stamp token is not valid: its genTime is not a GeneralizedTime
