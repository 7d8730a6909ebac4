ln -s target.txt link-to-file
ln -s dir link-to-dir
ln -s ../target.txt dir/relative-link
ln -s /etc/absolute dir/absolute-link
ln -s missing dir/dangling
