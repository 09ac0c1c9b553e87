-- Shopper designs from the storefront: the product they were made on and the server previews (mockups per colour and view, design GLB)
ALTER TABLE "Design" ADD COLUMN "productId" TEXT;
ALTER TABLE "Design" ADD COLUMN "previews" TEXT NOT NULL DEFAULT '{}';
