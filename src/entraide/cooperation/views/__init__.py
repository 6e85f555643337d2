"""The cooperation's pages, one module per sub-domain: triangles, conventions, measures (and
the library), evaluations (feedback, answers, attachments, comparison), office (reviews,
visits, distinctions), institutions (and their units), monitoring.

The parties of a triangle work on it, the national office reviews it; what the
pages share (the triangle's lookup, the form page) is in ``_pages``.
"""
