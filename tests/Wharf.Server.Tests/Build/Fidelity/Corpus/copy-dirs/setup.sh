chmod 700 tree/nested
chmod 750 tree/nested/deeper
chmod 640 tree/nested/b.txt
