-- ProductSetup: the merchant's design placements per view (JSON, app/contracts/product-setup.ts)
ALTER TABLE "ProductSetup" ADD COLUMN "placements" TEXT NOT NULL DEFAULT '[]';

-- Shop: admin preferences (automation rules, default views and quality, onboarding), JSON
ALTER TABLE "Shop" ADD COLUMN "preferences" TEXT NOT NULL DEFAULT '{}';
