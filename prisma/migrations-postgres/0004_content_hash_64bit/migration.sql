-- Mention.contentHash is now the first 64 bits of the sha1 (16 hex digits) instead of all
-- 160 (see prisma/migrations/0004_content_hash_64bit): a smaller (brandId, contentHash)
-- index. Stored hashes are cut to the same prefix so reposts of older texts still match.
UPDATE "Mention" SET "contentHash" = substr("contentHash", 1, 16)
WHERE length("contentHash") = 40 AND "contentHash" ~ '^[0-9a-f]{40}$';
