"""`python -m pipeline` is the `zhenggai` command."""
from .cli import main

main()
