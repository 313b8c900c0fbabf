#include "llmops/html_page.hpp"

#include "html_assets.hpp"
#include "html_page_data.hpp"

#include <cassert>
#include <string_view>

namespace llmops {

void write_html_page(std::ostream& out, const CaseIndex& index, std::span<const std::size_t> rows,
                     const Vocabulary& vocabulary, const HtmlPageOptions& options)
{
  const std::string title = html::escape_html(options.title);
  const std::string generated = html::escape_html(options.generated);
  const std::string data = html::escape_json_for_script(html::page_data_json(index, rows, vocabulary));

  // page.html holds {{name}} placeholders; each is replaced once, and nothing inserted is read again.
  const std::string_view page = assets::k_page_html;
  std::size_t at = 0;
  while (at < page.size()) {
    const std::size_t open = page.find("{{", at);
    const std::size_t close = open == std::string_view::npos ? open : page.find("}}", open + 2);
    if (close == std::string_view::npos) {
      out << page.substr(at);
      break;
    }
    out << page.substr(at, open - at);
    const std::string_view name = page.substr(open + 2, close - open - 2);
    if (name == "title") {
      out << title;
    } else if (name == "generated") {
      out << generated;
    } else if (name == "style") {
      out << assets::k_page_css;
    } else if (name == "style_hash") {
      out << assets::k_page_css_sha256;
    } else if (name == "script") {
      out << assets::k_page_js;
    } else if (name == "script_hash") {
      out << assets::k_page_js_sha256;
    } else if (name == "data") {
      out << data;
    } else {
      assert(false && "page.html names a placeholder that write_html_page does not know");
      out << page.substr(open, close + 2 - open);
    }
    at = close + 2;
  }
}

} // namespace llmops
