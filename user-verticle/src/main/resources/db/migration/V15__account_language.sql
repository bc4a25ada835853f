-- The account's language (issue 16): the language of its mails (reset, invitations, security notices) and the
-- page's choice remembered across browsers. NULL until chosen (sign-up stores the language the page asked in;
-- accounts from before this migration have none and get English mail).
ALTER TABLE accounts ADD COLUMN language text CHECK (language IN ('en', 'de'));
