"""Reading and writing records in files: dataset directories, and later spreadsheets and FtM."""
