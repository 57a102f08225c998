/*
 * The cooperation channels this engine runs: one line each, naming the channel's Nest module (its folder
 * under src/modules holds everything else about it). Adding a channel is a new folder and one line here.
 */
export { ConfiscationModule } from './confiscation/confiscation.module';
export { Contact247Module } from './contact-24-7/contact-24-7.module';
export { ExtraditionModule } from './extradition/extradition.module';
export { JointInvestigationModule } from './joint-investigation/joint-investigation.module';
export { MlaModule } from './mla/mla.module';
export { PreservationModule } from './preservation/preservation.module';
export { RealTimeCollectionModule } from './real-time-collection/real-time-collection.module';
export { SpontaneousModule } from './spontaneous/spontaneous.module';
export { TransferModule } from './transfer/transfer.module';
