"""The ``seckg`` command: one module per command group; options in, one library call, output out."""
