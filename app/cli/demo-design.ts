/** The demo's design, drawn in code (our own artwork, no licence question): a mountain badge for a merino brand. */
import sharp from "sharp";

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1600" viewBox="0 0 1600 1600">
  <circle cx="800" cy="800" r="700" fill="none" stroke="#F4EFE6" stroke-width="56"/>
  <path d="M260 1040 L620 520 L800 760 L960 560 L1340 1040 Z" fill="#F4EFE6" stroke="#1C1C1C" stroke-width="14"/>
  <path d="M620 520 L700 636 L650 620 L590 690 L560 610 Z" fill="#C9A227"/>
  <path d="M960 560 L1030 650 L985 640 L930 700 L905 640 Z" fill="#C9A227"/>
  <rect x="300" y="1100" width="1000" height="150" rx="30" fill="#C9A227"/>
  <text x="800" y="1210" font-family="DejaVu Sans, Arial, sans-serif" font-size="110" font-weight="bold" text-anchor="middle" fill="#1C1C1C">MERINO TRAIL</text>
</svg>`;

export function demoDesignPng(): Promise<Buffer> {
  return sharp(Buffer.from(SVG)).png().toBuffer();
}
