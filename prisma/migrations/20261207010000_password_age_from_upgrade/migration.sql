-- Password expiry for every account (docs/decisions/083): a password whose change was never recorded counts as old
-- as its account. Accounts from before the policy (not demo accounts) start their password age at this upgrade
-- instead, so an upgrade does not send every existing user to 修改密码 at once; they meet the expiry in due course.
UPDATE "app_user" SET "password_changed_at" = CURRENT_TIMESTAMP WHERE "password_changed_at" IS NULL AND NOT "is_demo";
