#!/bin/sh
# images.sh - draws the theme's raster images from the SVG below with
# rsvg-convert (librsvg2-bin; text through Pango/fontconfig, so Georgian
# needs fonts-noto-core).  Run from the repository root when the design
# changes; the PNGs are committed under themes/csogeorgia/static/.
#
#   og-default.png        1200x630 Open Graph / Twitter card image
#   apple-touch-icon.png  180x180
#   icon-192.png, icon-512.png  web app manifest icons (maskable: the
#                         mark stays inside the central 80 % circle)
set -eu
S=themes/csogeorgia/static
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# The mark of favicon.svg on a full-bleed square (platforms round it).
cat >"$T/icon.svg" <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">
<rect width="64" height="64" fill="#0b4450"/>
<g stroke="#e7f1f2" stroke-width="4" stroke-linecap="round">
<path d="M20 44 32 20 44 44Z" fill="none" stroke-linejoin="round"/>
<path d="M32 20v16" stroke="#ffc266"/>
</g>
<circle cx="32" cy="20" r="7" fill="#fff"/>
<circle cx="20" cy="44" r="7" fill="#fff"/>
<circle cx="44" cy="44" r="7" fill="#fff"/>
<circle cx="32" cy="38" r="5" fill="#ffc266"/>
</svg>
SVG

cat >"$T/og.svg" <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 630" width="1200" height="630">
<rect width="1200" height="630" fill="#0b4450"/>
<rect y="598" width="1200" height="32" fill="#ffc266"/>
<g transform="translate(80 175) scale(4.4)">
<rect width="64" height="64" rx="14" fill="#0a5866"/>
<g stroke="#e7f1f2" stroke-width="4" stroke-linecap="round">
<path d="M20 44 32 20 44 44Z" fill="none" stroke-linejoin="round"/>
<path d="M32 20v16" stroke="#ffc266"/>
</g>
<circle cx="32" cy="20" r="7" fill="#fff"/>
<circle cx="20" cy="44" r="7" fill="#fff"/>
<circle cx="44" cy="44" r="7" fill="#fff"/>
<circle cx="32" cy="38" r="5" fill="#ffc266"/>
</g>
<g font-family="Noto Sans Georgian, Noto Sans, DejaVu Sans, sans-serif" fill="#fff">
<text x="440" y="208" font-size="56" font-weight="700">სამოქალაქო</text>
<text x="440" y="280" font-size="56" font-weight="700">საზოგადოება</text>
<text x="440" y="352" font-size="56" font-weight="700">საქართველოში</text>
<text x="440" y="430" font-size="44" fill="#ffc266">Civil Society in Georgia</text>
<text x="440" y="496" font-size="30" fill="#e7f1f2">csogeorgia.org</text>
</g>
</svg>
SVG

rsvg-convert -w 1200 -h 630 -b '#0b4450' -o "$S/og-default.png" "$T/og.svg"
rsvg-convert -w 180 -h 180 -o "$S/apple-touch-icon.png" "$T/icon.svg"
rsvg-convert -w 192 -h 192 -o "$S/icon-192.png" "$T/icon.svg"
rsvg-convert -w 512 -h 512 -o "$S/icon-512.png" "$T/icon.svg"
# smaller files: opaque RGB, palette when it has at most 256 colours
/usr/bin/python3 tests/browser/pngpack.py "$S/og-default.png" "$S/apple-touch-icon.png" "$S/icon-192.png" "$S/icon-512.png"
ls -l "$S"/*.png
