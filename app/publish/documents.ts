/**
 * Every Admin GraphQL document the publish step sends (API 2026-04). Each starts with `#graphql`:
 * tests/publish/graphql-documents.test.ts finds all such documents in app/ and validates them against the
 * pinned schema, so a typo or a removed field fails the suite, not a merchant's publish.
 * Selections are minimal on purpose: the cost of a query is what it selects (connections × first).
 */

/** The product's title and its variants with their colour option and the one media each holds. */
export const PRODUCT_STATE = `#graphql
  query PublishProductState($id: ID!, $after: String) {
    product(id: $id) {
      id
      title
      variants(first: 10, after: $after) {
        nodes {
          id
          title
          selectedOptions { name value }
          media(first: 1) { nodes { id } }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  }`;

/** Our media by id: a null answers "deleted in Shopify"; status and what the storefront needs once READY. */
export const MEDIA_NODES = `#graphql
  query PublishMediaNodes($ids: [ID!]!) {
    nodes(ids: $ids) {
      id
      ... on Media {
        status
        mediaErrors { code message }
      }
      ... on Model3d {
        sources { url format mimeType filesize }
      }
      ... on MediaImage {
        image { url width height }
      }
    }
  }`;

export const STAGED_UPLOADS_CREATE = `#graphql
  mutation PublishStagedUploads($input: [StagedUploadInput!]!) {
    stagedUploadsCreate(input: $input) {
      stagedTargets { url resourceUrl parameters { name value } }
      userErrors { field message }
    }
  }`;

/** productUpdate with media (productCreateMedia is deprecated in 2026-04). */
export const PRODUCT_UPDATE_MEDIA = `#graphql
  mutation PublishProductMedia($product: ProductUpdateInput!, $media: [CreateMediaInput!]) {
    productUpdate(product: $product, media: $media) {
      product {
        id
        media(last: 20) { nodes { id alt mediaContentType status } }
      }
      userErrors { field message }
    }
  }`;

export const VARIANT_DETACH_MEDIA = `#graphql
  mutation PublishVariantDetach($productId: ID!, $variantMedia: [ProductVariantDetachMediaInput!]!) {
    productVariantDetachMedia(productId: $productId, variantMedia: $variantMedia) {
      productVariants { id }
      userErrors { code field message }
    }
  }`;

export const VARIANT_APPEND_MEDIA = `#graphql
  mutation PublishVariantAppend($productId: ID!, $variantMedia: [ProductVariantAppendMediaInput!]!) {
    productVariantAppendMedia(productId: $productId, variantMedia: $variantMedia) {
      productVariants { id }
      userErrors { code field message }
    }
  }`;

/** Deletes media we replaced (productDeleteMedia is deprecated); the file goes with its product references. */
export const FILE_DELETE = `#graphql
  mutation PublishFileDelete($fileIds: [ID!]!) {
    fileDelete(fileIds: $fileIds) {
      deletedFileIds
      userErrors { code field message }
    }
  }`;

export const METAFIELDS_SET = `#graphql
  mutation PublishMetafieldsSet($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields { id namespace key compareDigest }
      userErrors { code field message }
    }
  }`;

export const METAFIELD_DEFINITION = `#graphql
  query PublishMetafieldDefinition($namespace: String!, $key: String!) {
    metafieldDefinitions(first: 1, ownerType: PRODUCT, namespace: $namespace, key: $key) {
      nodes { id namespace key access { storefront } }
    }
  }`;

/** Only where `shopify app deploy` has not yet created the TOML-declared definition (a dev store). */
export const METAFIELD_DEFINITION_CREATE = `#graphql
  mutation PublishMetafieldDefinitionCreate($definition: MetafieldDefinitionInput!) {
    metafieldDefinitionCreate(definition: $definition) {
      createdDefinition { id namespace key }
      userErrors { code field message }
    }
  }`;
