use super::authors::{clean_authors, same_org};
use super::meta::strip_css_hash;
use super::title::{ends_in_site_suffix, names_site, title_key};
use super::*;

fn page(html: &str) -> Article {
    let ctx = FileContext::new(std::path::Path::new("test.html"));
    match parse(&ctx, html.as_bytes(), &PageHints::default()) {
        Ok(a) => a,
        Err(e) => panic!("no article: {e}"),
    }
}

const BODY: &str = "<body><article><h1>Headline</h1><p>Some paragraph of article text that is long enough to count.</p></article></body>";

#[test]
fn nested_author_arrays_are_flattened() {
    let a = page(&format!(
        r#"<html><head><script type="application/ld+json">{{"@type":"NewsArticle","headline":"Headline",
            "author":[{{"@type":"Person","name":"Ann Writer"}},[{{"@type":"Person","name":"Desk Team"}}]]}}</script></head>{BODY}</html>"#
    ));
    assert_eq!(a.authors, ["Ann Writer", "Desk Team"]);
}

#[test]
fn organisation_credit_gives_way_to_a_person_in_meta() {
    let a = page(&format!(
        r#"<html><head><meta property="og:site_name" content="Daily Example">
            <meta name="author" content="Daily Example">
            <meta name="cXenseParse:author" content="Ann Writer">
            <script type="application/ld+json">{{"@type":"NewsArticle","headline":"Headline",
            "author":{{"@type":"Organization","name":"Daily Example"}}}}</script></head>{BODY}</html>"#
    ));
    assert_eq!(a.authors, ["Ann Writer"]);
}

#[test]
fn organisation_credit_is_kept_when_no_person_is_named() {
    let a = page(&format!(
        r#"<html><head><meta property="og:site_name" content="example.org">
            <meta name="author" content="example.org, Springfield, Freedonia">
            <script type="application/ld+json">{{"@type":"NewsArticle","headline":"Headline",
            "author":{{"@type":"NewsMediaOrganization","name":"Newsroom example.org"}}}}</script></head>{BODY}</html>"#
    ));
    assert_eq!(a.authors, ["Newsroom example.org"]);
}

#[test]
fn site_name_among_people_is_dropped() {
    let a = page(&format!(
        r#"<html><head><meta property="og:site_name" content="paper.example">
            <meta name="author" content="Ann Writer, Paper.example"></head>{BODY}</html>"#
    ));
    assert_eq!(a.authors, ["Ann Writer"]);
}

#[test]
fn organisation_names_are_recognised() {
    assert!(same_org("Lrt.lt", "lrt.lt"));
    assert!(same_org("VnExample", "Báo VnExample"));
    assert!(same_org("LTO", "Legal Tribune Online"));
    assert!(same_org("日本経済新聞社", "日本経済新聞"));
    assert!(!same_org("Peter Weltmann", "Welt"));
    assert!(!same_org("Ann Writer", "Daily Example"));
}

#[test]
fn byline_initials_and_job_titles_are_stripped() {
    let raw = vec![
        "Anna Muster (amu), Bert Beispiel (bbe.)".to_string(),
        "홍길동 기자".to_string(),
    ];
    assert_eq!(
        clean_authors(&raw),
        ["Anna Muster", "Bert Beispiel", "홍길동"]
    );
    // A name that is only a parenthesis stays dropped, as before.
    assert!(clean_authors(&["(Image: Agency)".to_string()]).is_empty());
}
#[test]
fn article_split_into_same_class_containers_is_read_whole() {
    let para = |w: &str| format!("<p>{w} {}</p>", "words of the article body text ".repeat(4));
    let html = format!(
        r#"<html><body><main>
            <section><div class="wrap"><div class="story-body extra">{}{}</div></div></section>
            <section><div class="ad-slot"><p>Advertisement placeholder text that is long enough</p></div></section>
            <section><div class="wrap"><div class="story-body last">{}</div></div></section>
            </main>
            <div class="teaser-list"><div class="story-body">{}</div></div>
            <aside><div class="story-body">{}</div></aside>
            </body></html>"#,
        para("first"),
        para("second"),
        para("third"),
        para("teaser"),
        para("aside"),
    );
    let a = page(&html);
    let firsts: Vec<&str> = a
        .body
        .split("\n\n")
        .filter_map(|b| b.split_whitespace().next())
        .collect();
    assert_eq!(firsts, ["first", "second", "third"]);
}
#[test]
fn paragraphs_set_as_divs_are_read_when_there_are_no_p() {
    let div = |w: &str| {
        format!(
            r#"<div class="block"><div class="x"><span>{w} {}</span></div></div>"#,
            "sentence of article text set in a span ".repeat(6)
        )
    };
    let html = format!(
        "<html><body><nav><div><a href='/'>Home</a></div></nav><main>{}{}<div class='block'><div><h3><span>A subhead</span></h3></div></div>{}</main></body></html>",
        div("one"),
        div("two"),
        div("three")
    );
    let a = page(&html);
    let firsts: Vec<&str> = a
        .body
        .split("\n\n")
        .filter_map(|b| b.split_whitespace().next())
        .collect();
    assert_eq!(firsts, ["one", "two", "A", "three"]);
}

#[test]
fn divs_do_not_count_when_the_page_has_paragraphs() {
    let text = "Real paragraph text of the article, long enough to be scored. ".repeat(6);
    let html = format!(
        "<html><body><article><p>{text}</p><p>{text}</p></article>\
             <div class='cards'><div>Teaser card one with a fairly long line of text here</div>\
             <div>Teaser card two with a fairly long line of text here too</div></div></body></html>"
    );
    let a = page(&html);
    assert!(!a.body.contains("Teaser"), "{}", a.body);
}
#[test]
fn teaser_bylines_in_lists_are_not_authors() {
    let a = page(
        r#"<html><body><article><h1>Headline</h1>
            <span class="byline"><a rel="author" href="/a/ann">Ann Writer</a></span>
            <p>Some paragraph of article text that is long enough to count.</p></article>
            <ul class="more-stories"><li><a href="/s/2">Other story</a>
            <a rel="author" href="/a/bob">Bob Other</a></li></ul></body></html>"#,
    );
    assert_eq!(a.authors, ["Ann Writer"]);
}
#[test]
fn short_article_is_not_padded_with_teaser_divs() {
    let html = "<html><body><article><p>A short news item of about two hundred bytes, \
            which is all the text the story has, stays as it is.</p><p>Its second paragraph \
            adds a little more text to the story itself.</p></article>\
            <div class='cards'><div>Teaser card one with a fairly long line of text here, and more of it</div>\
            <div>Teaser card two with a fairly long line of text here too, and more of it</div>\
            <div>Teaser card three with a fairly long line of text here, and more of it</div></div>\
            </body></html>";
    let a = page(html);
    assert!(a.body.starts_with("A short news item"), "{}", a.body);
    assert!(!a.body.contains("Teaser"), "{}", a.body);
}

const PARA: &str = "<p>Some paragraph of article text that is long enough to count.</p>";

#[test]
fn breadcrumb_h1_gives_way_to_the_hgroup_heading() {
    let a = page(&format!(
        r#"<html><head><meta property="og:title" content="Search engine headline">
            <script type="application/ld+json">{{"@type":"NewsArticle","headline":"Seen headline"}}</script>
            </head><body><nav><ol><li><a href="/">Home</a></li><li><h1>Search engine headline</h1></li></ol></nav>
            <article><hgroup><p>Kicker</p><h2>Seen headline</h2></hgroup>{PARA}</article></body></html>"#
    ));
    assert_eq!(a.title, "Seen headline");
}

#[test]
fn h1_marked_as_breadcrumb_is_furniture() {
    let a = page(&format!(
        r#"<html><head><title>Search engine headline | Site</title>
            <meta property="og:title" content="Seen headline">
            <script type="application/ld+json">{{"@type":"NewsArticle","headline":"Search engine headline"}}</script>
            </head><body><div><h1 class="crumbs" data-breadcrumb-headline>Search engine headline</h1></div>
            <article><h2 class="story__heading"><span class="story__kicker">Topic</span>
            <span class="story__headline">Seen headline</span></h2>{PARA}</article></body></html>"#
    ));
    assert_eq!(a.title, "Seen headline");
}

#[test]
fn css_module_hashes_are_ignored_in_headline_classes() {
    assert_eq!(
        strip_css_hash("story-head_headline__Qx7Rb"),
        "story-head_headline"
    );
    assert_eq!(strip_css_hash("title__headline"), "title__headline");
    let a = page(&format!(
        r#"<html><head><meta property="og:title" content="Seen headline">
            <script type="application/ld+json">{{"@type":"NewsArticle","headline":"Topic: Seen headline"}}</script>
            <title>Topic: Seen headline</title></head><body><nav class="crumbs"><h1>Topic: Seen headline</h1></nav>
            <article><h2 class="story-head_lines__A1b2C"><span class="kicker__Zz9Yy">Topic</span>
            <span class="story-head_headline__Qx7Rb">Seen headline</span></h2>{PARA}</article></body></html>"#
    ));
    assert_eq!(a.title, "Seen headline");
}

#[test]
fn heading_in_parts_votes_for_its_last_part() {
    let a = page(&format!(
        r#"<html><head><meta property="og:title" content="Seen headline">
            <script type="application/ld+json">{{"@type":"NewsArticle","headline":"Search engine headline"}}</script>
            </head><body><article><h2 class="title"><span>Topic</span> <span>Seen headline</span></h2>
            {PARA}</article></body></html>"#
    ));
    assert_eq!(a.title, "Seen headline");
}

#[test]
fn meta_headline_and_unspaced_site_suffix() {
    let a = page(&format!(
        r#"<html><head><title>A headline-Section|Site</title>
            <meta property="og:site_name" content="Site">
            <meta property="og:title" content="A headline-Section|Site">
            <meta name="headline" content="A headline"></head>
            <body><article>{PARA}</article></body></html>"#
    ));
    assert_eq!(a.title, "A headline");
    // A hyphen inside the headline is not a separator, unless the site's name ends
    // what follows it.
    assert!(!ends_in_site_suffix(
        "Covid-19 rules",
        "Covid",
        Some("Site")
    ));
    assert!(ends_in_site_suffix(
        "Covid-Health·Site",
        "Covid",
        Some("Site")
    ));
    assert!(ends_in_site_suffix("Covid - rules", "Covid", None));
}

#[test]
fn soft_hyphens_do_not_split_the_vote() {
    let a = page(&format!(
        "<html><head><meta property=\"og:title\" content=\"Helikopterlandeplatz geplant\">\
            <script type=\"application/ld+json\">{{\"@type\":\"NewsArticle\",\"headline\":\"Another text\"}}</script>\
            </head><body><article><h1>Helikopter\u{ad}landeplatz\u{a0}geplant</h1>{PARA}</article></body></html>"
    ));
    assert_eq!(
        a.title.replace('\u{ad}', ""),
        "Helikopterlandeplatz geplant"
    );
    assert_eq!(title_key("A\u{200b}b\u{a0} C"), "ab c");
}

#[test]
fn only_a_site_named_segment_is_surely_not_headline() {
    let a = page(&format!(
        r#"<html><head><title>Storm hits - schools shut | Site</title>
            <meta property="og:site_name" content="Site">
            <meta property="og:title" content="Storm hits - schools shut">
            <script type="application/ld+json">{{"@type":"NewsArticle","headline":"Storm hits - schools shut"}}</script>
            </head><body><article><h1>Storm hits</h1>{PARA}</article></body></html>"#
    ));
    assert_eq!(a.title, "Storm hits - schools shut");
    let a = page(&format!(
        r#"<html><head><title>Storm hits | Site</title>
            <meta property="og:url" content="https://www.site.example/storm">
            <meta property="og:title" content="Storm hits | Site.example">
            </head><body><article><h1>Storm hits</h1>{PARA}</article></body></html>"#
    ));
    assert_eq!(a.title, "Storm hits");
    assert!(names_site(
        "Royal | News | Express.co.uk",
        &["express.co.uk"]
    ));
    assert!(!names_site(
        "Güncel haberler",
        &["Habertürk", "haberturk.com"]
    ));
}

#[test]
fn most_used_spelling_of_the_winning_title() {
    let a = page(&format!(
        r#"<html><head><title>Ann's  day | Site</title>
            <meta property="og:title" content="Ann's day">
            <script type="application/ld+json">{{"@type":"NewsArticle","headline":"ANN'S DAY"}}</script>
            </head><body><article>{PARA}</article></body></html>"#
    ));
    assert_eq!(a.title, "Ann's day");
}
