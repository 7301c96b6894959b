//! Lessons are written in Markdown and shown as HTML inside the app, so the HTML must be safe
//! whoever wrote the Markdown. This writer emits an allow-list of tags and nothing else: raw
//! HTML in the Markdown is shown as text, links go only to http(s) and mailto addresses, and
//! pictures only to media held by the server (`/media/{hash}`), with their size in bytes so a
//! phone in data-saver mode can say what a picture costs before loading it.

use std::fmt::Write;

use kopdes_domain::course::{MediaRef, is_media_hash};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// What went wrong in one lesson's Markdown.
#[derive(Debug, PartialEq, Eq)]
pub enum RenderError {
    /// A picture that is not a media hash the server holds.
    UnknownMedia(String),
}

/// A lesson rendered: its HTML and the pictures it shows.
#[derive(Debug, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    pub media: Vec<MediaRef>,
}

fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

fn safe_link(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")
}

/// The media hash a picture names: `media:HASH` or `/media/HASH`.
fn media_hash(url: &str) -> Option<&str> {
    let url = url.trim();
    let hash = url
        .strip_prefix("media:")
        .or_else(|| url.strip_prefix("/media/"))?;
    is_media_hash(hash).then_some(hash)
}

fn heading(level: HeadingLevel) -> &'static str {
    // A lesson's own title is the page's heading; its sections start one level below.
    match level {
        HeadingLevel::H1 | HeadingLevel::H2 => "h2",
        HeadingLevel::H3 => "h3",
        _ => "h4",
    }
}

/// Renders `markdown`; `media` answers for a hash the server holds.
pub fn render(
    markdown: &str,
    mut media: impl FnMut(&str) -> Option<MediaRef>,
) -> Result<Rendered, RenderError> {
    let options = Options::ENABLE_STRIKETHROUGH;
    let mut out = String::with_capacity(markdown.len() + markdown.len() / 4);
    let mut pictures: Vec<MediaRef> = Vec::new();
    // Inside a picture, text is its description (alt), not content.
    let mut alt: Option<(MediaRef, String)> = None;
    // Links refused by the allow-list still show their text, without the link.
    let mut open_links: Vec<bool> = Vec::new();
    for event in Parser::new_ext(markdown, options) {
        if let Some((_, description)) = alt.as_mut() {
            match event {
                Event::Text(text) | Event::Code(text) => description.push_str(&text),
                Event::End(TagEnd::Image) => {
                    if let Some((picture, description)) = alt.take() {
                        let _ = write!(
                            out,
                            "<img src=\"/media/{}\" width=\"{}\" height=\"{}\" data-bytes=\"{}\" loading=\"lazy\" alt=\"",
                            picture.hash, picture.width, picture.height, picture.bytes
                        );
                        escape(&mut out, &description);
                        out.push_str("\">");
                    }
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => out.push_str("<p>"),
                Tag::Heading { level, .. } => {
                    let _ = write!(out, "<{}>", heading(level));
                }
                Tag::BlockQuote(_) => out.push_str("<blockquote>"),
                Tag::CodeBlock(_) => out.push_str("<pre><code>"),
                Tag::List(Some(1)) => out.push_str("<ol>\n"),
                Tag::List(Some(start)) => {
                    let _ = writeln!(out, "<ol start=\"{start}\">");
                }
                Tag::List(None) => out.push_str("<ul>\n"),
                Tag::Item => out.push_str("<li>"),
                Tag::Emphasis => out.push_str("<em>"),
                Tag::Strong => out.push_str("<strong>"),
                Tag::Strikethrough => out.push_str("<s>"),
                Tag::Link { dest_url, .. } => {
                    let allowed = safe_link(&dest_url);
                    if allowed {
                        out.push_str("<a href=\"");
                        escape(&mut out, dest_url.trim());
                        out.push_str("\" rel=\"noopener noreferrer\" target=\"_blank\">");
                    }
                    open_links.push(allowed);
                }
                Tag::Image { dest_url, .. } => {
                    let hash = media_hash(&dest_url)
                        .ok_or_else(|| RenderError::UnknownMedia(dest_url.to_string()))?;
                    let found =
                        media(hash).ok_or_else(|| RenderError::UnknownMedia(hash.to_owned()))?;
                    if !pictures.iter().any(|p| p.hash == found.hash) {
                        pictures.push(found.clone());
                    }
                    alt = Some((found, String::new()));
                }
                // Tables, footnotes, HTML blocks and the rest: their text shows, their markup
                // does not.
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph => out.push_str("</p>\n"),
                TagEnd::Heading(level) => {
                    let _ = writeln!(out, "</{}>", heading(level));
                }
                TagEnd::BlockQuote(_) => out.push_str("</blockquote>\n"),
                TagEnd::CodeBlock => out.push_str("</code></pre>\n"),
                TagEnd::List(true) => out.push_str("</ol>\n"),
                TagEnd::List(false) => out.push_str("</ul>\n"),
                TagEnd::Item => out.push_str("</li>\n"),
                TagEnd::Emphasis => out.push_str("</em>"),
                TagEnd::Strong => out.push_str("</strong>"),
                TagEnd::Strikethrough => out.push_str("</s>"),
                TagEnd::Link if open_links.pop() == Some(true) => out.push_str("</a>"),
                _ => {}
            },
            Event::Text(text) => escape(&mut out, &text),
            Event::Code(text) => {
                out.push_str("<code>");
                escape(&mut out, &text);
                out.push_str("</code>");
            }
            // Raw HTML is shown for what it is: text.
            Event::Html(text) | Event::InlineHtml(text) => escape(&mut out, &text),
            Event::SoftBreak => out.push('\n'),
            Event::HardBreak => out.push_str("<br>\n"),
            Event::Rule => out.push_str("<hr>\n"),
            _ => {}
        }
    }
    Ok(Rendered {
        html: out,
        media: pictures,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(c: char) -> String {
        std::iter::repeat_n(c, 64).collect()
    }

    fn held(h: &str) -> Option<MediaRef> {
        (h == hash('a')).then(|| MediaRef {
            hash: h.to_owned(),
            bytes: 12_345,
            width: 640,
            height: 480,
        })
    }

    fn html(markdown: &str) -> String {
        render(markdown, held).expect("renders").html
    }

    #[test]
    fn lessons_keep_their_structure() {
        assert_eq!(
            html("# Simpanan\n\nAda **tiga** jenis:\n\n1. pokok\n2. *wajib*\n"),
            "<h2>Simpanan</h2>\n<p>Ada <strong>tiga</strong> jenis:</p>\n<ol>\n<li>pokok</li>\n<li><em>wajib</em></li>\n</ol>\n"
        );
    }

    #[test]
    fn raw_html_and_script_links_never_become_markup() {
        let out = html(
            "<script>alert(1)</script>\n\nKlik [di sini](javascript:alert(1)) <b onclick=x>x</b>",
        );
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("<b "), "{out}");
        assert!(!out.contains("href"), "{out}");
        assert!(out.contains("&lt;script&gt;"), "{out}");
        assert!(out.contains("di sini"), "{out}");
    }

    #[test]
    fn safe_links_open_outside_the_app() {
        assert_eq!(
            html("[OJK](https://ojk.go.id/?a=1&b=2)"),
            "<p><a href=\"https://ojk.go.id/?a=1&amp;b=2\" rel=\"noopener noreferrer\" target=\"_blank\">OJK</a></p>\n"
        );
    }

    #[test]
    fn pictures_come_only_from_held_media_with_their_size() {
        let rendered = render(
            &format!("![Buku kas \"harian\"](media:{})", hash('a')),
            held,
        )
        .expect("renders");
        assert_eq!(
            rendered.html,
            format!(
                "<p><img src=\"/media/{}\" width=\"640\" height=\"480\" data-bytes=\"12345\" loading=\"lazy\" alt=\"Buku kas &quot;harian&quot;\"></p>\n",
                hash('a')
            )
        );
        assert_eq!(rendered.media.len(), 1);
        assert_eq!(
            render("![x](https://example.com/a.png)", held),
            Err(RenderError::UnknownMedia(
                "https://example.com/a.png".into()
            ))
        );
        assert_eq!(
            render(&format!("![x](/media/{})", hash('b')), held),
            Err(RenderError::UnknownMedia(hash('b')))
        );
    }
}
