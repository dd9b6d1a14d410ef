-- A phone number per account, for account recovery. It is stored as soon as the user adds it, and counts only
-- once verified by a code sent to it: find-account texts verified numbers only.
ALTER TABLE users
    ADD COLUMN phone             text CHECK (phone ~ '^\+[1-9][0-9]{7,14}$'),
    ADD COLUMN phone_verified_at timestamptz,
    ADD CONSTRAINT users_phone_verified_has_phone CHECK (phone_verified_at IS NULL OR phone IS NOT NULL);
-- One account per verified number, so that find-account names one account. Unverified numbers may repeat:
-- anyone can type any number, and doing so must not lock its owner out of verifying it.
CREATE UNIQUE INDEX users_verified_phone_key ON users (phone) WHERE phone_verified_at IS NOT NULL;
