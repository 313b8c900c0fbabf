#pragma once

#include <string_view>

// The HTML page's assets, embedded byte for byte from libcore/assets/ at build time by
// cmake/EmbedPageAssets.cmake (which defines these in a generated source).
namespace llmops::assets {

// libcore/assets/page.html: the page, with {{name}} placeholders that `write_html_page` fills.
extern const std::string_view k_page_html;

// libcore/assets/page.css: the style sheet, inlined in a <style> element.
extern const std::string_view k_page_css;

// libcore/assets/page.js: the script, inlined in a <script> element.
extern const std::string_view k_page_js;

// The SHA-256 of `k_page_css` in base64, which the Content-Security-Policy allows by hash.
extern const std::string_view k_page_css_sha256;

// The SHA-256 of `k_page_js` in base64, which the Content-Security-Policy allows by hash.
extern const std::string_view k_page_js_sha256;

} // namespace llmops::assets
