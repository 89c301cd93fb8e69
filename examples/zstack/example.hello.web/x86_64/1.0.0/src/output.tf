output "vm_uuids" {
  value = zstack_vm.vm.uuid
}

output "application_ip" {
  value = zstack_vm.vm.ip
}
