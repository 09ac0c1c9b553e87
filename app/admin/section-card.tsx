/**
 * The admin's card scaffolding, written once: a Polaris Card whose first row is an h2 title (with an optional
 * element at the right: a badge, a count) and an optional subdued help line, then the content. Pages and
 * product-page cards use it instead of repeating Card → BlockStack → Text h2 → Text help.
 */
import { BlockStack, Card, InlineStack, Text } from "@shopify/polaris";
import type { ReactNode } from "react";

export interface SectionHeaderProps {
  title: string;
  /** one line under the title, subdued */
  help?: ReactNode;
  /** at the title's right (a Badge, "2 of 4") */
  aside?: ReactNode;
}

export function SectionHeader({ title, help, aside }: SectionHeaderProps) {
  const heading = (
    <Text as="h2" variant="headingMd">
      {title}
    </Text>
  );
  const top = aside ? (
    <InlineStack align="space-between" blockAlign="center" gap="200">
      {heading}
      {aside}
    </InlineStack>
  ) : (
    heading
  );
  if (!help) return top;
  return (
    <BlockStack gap="100">
      {top}
      <Text as="p" tone="subdued">
        {help}
      </Text>
    </BlockStack>
  );
}

export interface SectionCardProps extends SectionHeaderProps {
  /** space between the header and the content blocks (Polaris space token) */
  gap?: "200" | "300" | "400";
  children?: ReactNode;
}

export function SectionCard({ gap = "300", children, ...header }: SectionCardProps) {
  return (
    <Card>
      <BlockStack gap={gap}>
        <SectionHeader {...header} />
        {children}
      </BlockStack>
    </Card>
  );
}
