"""Spreadsheets in and out: the spend template, forgiving import with located errors, export."""
