"""The page's interactive panels: the input, the gallery, the graph and its walkthrough, the answer, the downloads."""
