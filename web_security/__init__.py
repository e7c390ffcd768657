"""The one web security layer every front end uses: see README.md."""
