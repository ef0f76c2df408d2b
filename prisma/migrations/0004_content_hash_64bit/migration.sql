-- Mention.contentHash is now the first 64 bits of the sha1 (16 hex digits) instead of all
-- 160: the (brandId, contentHash) index takes every new mention at a random place, and its
-- 40-character keys made it the costliest index to maintain (about 5 us of the ~30 us a
-- stored mention costs). 64 bits still tell different texts apart (a false duplicate is
-- about 1 in 10^12 per post at ten million mentions of a brand). Stored hashes are cut to
-- the same prefix so reposts of texts stored before this change are still recognised.
UPDATE "Mention" SET "contentHash" = substr("contentHash", 1, 16)
WHERE length("contentHash") = 40 AND "contentHash" NOT GLOB '*[^0-9a-f]*';
