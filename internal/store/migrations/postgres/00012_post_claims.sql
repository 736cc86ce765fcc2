-- Post -> claim matches: the checked claims a stored post may repeat,
-- scoring at least the matcher's suggestion threshold. The claims stage
-- writes them for each new post (in whichever process runs it, so a
-- scale-out 'serve' without a matcher still shows them) and
-- 'factdesk claims rematch' for posts stored before a claim was added or
-- edited. reasons is a JSON array of strings; matched_at is Unix
-- milliseconds. Deleting a post or a claim deletes its matches.

-- +goose Up
CREATE TABLE post_claims (
    post_id    BIGINT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    claim_id   BIGINT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    score      DOUBLE PRECISION NOT NULL,
    reasons    TEXT    NOT NULL DEFAULT '[]',
    matched_at BIGINT NOT NULL,
    PRIMARY KEY (post_id, claim_id)
);
CREATE INDEX post_claims_claim ON post_claims(claim_id, score);

-- +goose Down
DROP TABLE post_claims;
