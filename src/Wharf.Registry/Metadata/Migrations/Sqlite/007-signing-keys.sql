-- The token signing keys (decision 008), in the database so every node signs and verifies with the same ones
-- (until now they were files under <data>/keys, imported from there the first time this table is found empty).
-- sequence 1, 2, …: the highest is the current key. A key is only ever inserted under a number nobody holds
-- (ON CONFLICT DO NOTHING), so nodes that generate the first key or rotate at the same moment end with one.
CREATE TABLE signing_keys (
    sequence     BIGINT  PRIMARY KEY,
    -- The RFC 7638 thumbprint tokens name the key by; derived from the key, kept for whoever reads the table.
    kid          TEXT    NOT NULL UNIQUE,
    -- PKCS#8 PEM, not encrypted: the database is as secret as the keys (decision 008).
    private_key  TEXT    NOT NULL,
    -- When this key became current, i.e. when its predecessor was retired (unix milliseconds).
    created_at   BIGINT  NOT NULL
);
