mkdir payload && echo x > payload/x.txt
tar --owner=5 --group=6 --numeric-owner -cf archive.tar -C payload .
rm -r payload
