mkdir -p payload/dir/empty
echo plain > payload/plain.txt
echo exec > payload/dir/run.sh && chmod 750 payload/dir/run.sh
ln -s plain.txt payload/link
tar --owner=1234 --group=5678 --numeric-owner -cf archive.tar -C payload .
tar --owner=0 --group=0 --numeric-owner -czf archive.tar.gz -C payload dir
tar --owner=42 --group=43 --numeric-owner -cf renamed.bin -C payload plain.txt
echo "not an archive" > fake.tar.gz
gzip -c payload/plain.txt > single.gz
rm -r payload
