"""The centres' pages, by sub-domain; ``public`` holds the pages anyone may open."""
