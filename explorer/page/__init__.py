"""The Streamlit page, one section per module; ``app.py`` composes them.

The only package besides ``app.py`` that imports streamlit. Sections show
what the library computed: they build no LaTeX and do no math, and every
call into the library goes through the cached, bounded calls of
:mod:`explorer.page.calls`.
"""
