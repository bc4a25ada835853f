-- At most one pending invitation per email and organisation (an expired one counts until it is replaced): two
-- concurrent invitations to the same address end as one row whose token is the last one written, instead of two
-- valid links. Revoking deletes the row; accepting sets accepted_at, so accepted ones stay as a record.
DELETE FROM invitations i
WHERE i.accepted_at IS NULL
  AND EXISTS (SELECT 1 FROM invitations n
              WHERE n.organisation_id = i.organisation_id AND lower(n.email) = lower(i.email)
                AND n.accepted_at IS NULL AND (n.created_at, n.id) > (i.created_at, i.id));
CREATE UNIQUE INDEX invitations_pending ON invitations (organisation_id, lower(email)) WHERE accepted_at IS NULL;
