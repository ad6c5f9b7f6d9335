"""Exports: CSV, PDF (year plan, evaluation report), the printed poster and charts.

Pure rendering of service results into bytes or text: no Flask, no SQLAlchemy, no
database. The web views and the CLI fetch the data through the services and hand it
here, so a download and `diversity-calendar export ...` produce the same file. PDFs
are drawn with ReportLab (pure Python, no system libraries).
"""
