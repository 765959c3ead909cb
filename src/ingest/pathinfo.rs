//! What a file's path tells about its articles: dates in folder names, sections.
