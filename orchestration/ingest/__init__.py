"""Landing genuine publication files into raw.<source_id>, behind a GX gate."""
